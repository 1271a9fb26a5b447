"""The API serializers of matchmaking: they describe the responses; the data is built by views.py from
exchange.matching.selectors."""

from rest_framework import serializers

from clusters.models import ChainCategory

from ..gaps import KINDS


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    segment = serializers.ChoiceField(choices=ChainCategory._meta.get_field("segment").choices)


class PartnerSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 for the strongest.")
    cluster = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    visible = serializers.BooleanField(
        help_text="The caller may open the cluster (else it is a cluster of the public register)."
    )
    members = serializers.IntegerField(help_text="The partner's members in the category.")
    reason = serializers.CharField(help_text="Why it is proposed, in numbers, in the request's language.")


class GapSerializer(serializers.Serializer):
    category = CategoryRefSerializer()
    kind = serializers.ChoiceField(choices=KINDS)
    links = serializers.ListField(child=serializers.CharField(), help_text="The cluster's links in the category.")
    members = serializers.IntegerField()
    outside_members = serializers.IntegerField(help_text="Members outside the cluster's regions.")
    supply = serializers.IntegerField(help_text="Supply collaborations into the category's members.")
    outside_supply = serializers.IntegerField(help_text="Of them, those from members outside the cluster's regions.")
    situation = serializers.CharField()
    partners = PartnerSerializer(many=True)


class ClusterMatchesSerializer(serializers.Serializer):
    cluster = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    field = serializers.CharField()
    categories = serializers.IntegerField(help_text="Chain categories of the field.")
    matched = serializers.IntegerField(help_text="Gaps with at least one partner.")
    gaps = GapSerializer(many=True)


class MatrixRowSerializer(serializers.Serializer):
    cluster = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    members = serializers.ListField(child=serializers.IntegerField(), help_text="Per category, in column order.")
    gaps = serializers.ListField(
        child=serializers.ChoiceField(choices=KINDS, allow_null=True), help_text="Per category: the gap's kind or null."
    )
    partners = serializers.ListField(child=serializers.IntegerField(), help_text="Per category: partners proposed.")
    gap_count = serializers.IntegerField()
    matched = serializers.IntegerField()


class MatrixSerializer(serializers.Serializer):
    field = serializers.CharField()
    categories = CategoryRefSerializer(many=True)
    rows = MatrixRowSerializer(many=True)
    totals = serializers.ListField(child=serializers.IntegerField(), help_text="Members per category over the rows.")
    strong = serializers.ListField(
        child=serializers.IntegerField(), help_text="Per category: clusters with at least `thin_members` members."
    )
    thin_members = serializers.IntegerField()
    outside_share = serializers.FloatField()
