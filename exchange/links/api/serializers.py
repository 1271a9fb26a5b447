"""Serializers of collaborations between clusters and of the network of clusters."""

from decimal import Decimal

from rest_framework import serializers

from clusters.models import Collaboration
from exchange.links.models import ClusterLink
from exchange.links.services import offered_steps

ZERO = Decimal(0)

# A collaboration ---------------------------------------------------------------------------------------------------


class LinkClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class LinkMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField()


class LinkOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ClusterLinkSerializer(serializers.ModelSerializer):
    source_cluster = LinkClusterSerializer(read_only=True)
    target_cluster = LinkClusterSerializer(read_only=True)
    source = LinkMemberSerializer(read_only=True)
    target = LinkMemberSerializer(read_only=True)
    proposed_by_organisation = LinkOrganisationSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    steps = serializers.SerializerMethodField(help_text="The steps the caller may take now.")
    value = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=ZERO, read_only=True, allow_null=True)

    class Meta:
        model = ClusterLink
        fields = [
            "id",
            "status",
            "status_label",
            "kind",
            "kind_label",
            "value",
            "year",
            "note",
            "reason",
            "source_cluster",
            "source",
            "target_cluster",
            "target",
            "proposed_by_organisation",
            "created",
            "updated",
            "decided",
            "steps",
        ]
        read_only_fields = fields

    def get_steps(self, link) -> list[str]:
        request = self.context.get("request")
        return offered_steps(request.user, link) if request else []


class ClusterLinkCreateSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="id of a member of a cluster the caller's body promotes")
    target_cluster = serializers.IntegerField(help_text="id of the other cluster (public register, or one's own)")
    target_credit_code = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="the other member's exact credit code"
    )
    target_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="or its exact name (without a credit code)"
    )
    kind = serializers.ChoiceField(choices=Collaboration.Kind.choices)
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, min_value=ZERO, help_text="万元 (10k CNY)"
    )
    year = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class LinkStepSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


# The network of clusters -------------------------------------------------------------------------------------------


class NetworkClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="cluster.pk")
    name = serializers.CharField(source="cluster.name")
    name_en = serializers.CharField(source="cluster.name_en")
    degree = serializers.IntegerField(help_text="partner clusters")
    strength = serializers.IntegerField(help_text="confirmed collaborations with other clusters")
    value_strength = serializers.FloatField(help_text="their value, 万元")
    betweenness = serializers.FloatField()
    pagerank = serializers.FloatField()
    community = serializers.IntegerField()
    is_articulation_point = serializers.BooleanField()


class NetworkPairSerializer(serializers.Serializer):
    a = serializers.IntegerField(help_text="cluster id (the smaller)")
    b = serializers.IntegerField(help_text="cluster id (the larger)")
    count = serializers.IntegerField()
    value = serializers.FloatField(help_text="万元")
    value_count = serializers.IntegerField(help_text="collaborations with a value")


class ClusterNetworkSerializer(serializers.Serializer):
    figures = serializers.DictField()
    clusters = NetworkClusterSerializer(many=True)
    pairs = NetworkPairSerializer(many=True)
