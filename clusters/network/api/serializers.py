"""The API serializers of network."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, MemberFigure, NetworkAnalysis
from clusters.profiles.selectors import visible_clusters


class ChainLinkCoverageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    segment = serializers.CharField()
    members = serializers.IntegerField()
    flag = serializers.ChoiceField(
        choices=["", "empty", "thin"], help_text="empty: no member; thin: fewer than the threshold"
    )


@extend_schema_field(OpenApiTypes.OBJECT)
class ParametersField(serializers.JSONField):
    pass


class NetworkAnalysisSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    parameters = ParametersField(
        read_only=True,
        help_text="Parameters used, and how figures were computed: betweenness_method (exact / kadabra), "
        "local_supporting_basis (value / count, null without supply into leading enterprises).",
    )
    articulation_points = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Member ids of the single points of failure."
    )
    chain_link_coverage = ChainLinkCoverageSerializer(many=True, read_only=True)
    nodes = serializers.IntegerField(read_only=True, allow_null=True)
    edges = serializers.IntegerField(read_only=True, allow_null=True)
    density = serializers.FloatField(read_only=True, allow_null=True)
    components = serializers.IntegerField(read_only=True, allow_null=True)
    largest_component = serializers.IntegerField(read_only=True, allow_null=True)
    clustering = serializers.FloatField(read_only=True, allow_null=True)
    communities = serializers.IntegerField(read_only=True, allow_null=True)
    modularity = serializers.FloatField(read_only=True, allow_null=True)
    betweenness_error_bound = serializers.FloatField(
        read_only=True, allow_null=True, help_text="ε: each approximate value is within ±ε with probability 1−δ."
    )
    local_supporting_rate = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = NetworkAnalysis
        fields = [
            "id",
            "cluster",
            "year",
            "status",
            "progress",
            "message",
            "created_by",
            "created",
            "started",
            "finished",
            "parameters",
            "digest",
            "nodes",
            "edges",
            "density",
            "components",
            "largest_component",
            "clustering",
            "communities",
            "modularity",
            "betweenness_approximate",
            "betweenness_error_bound",
            "articulation_points",
            "chain_link_coverage",
            "local_supporting_rate",
        ]
        read_only_fields = fields


class NetworkAnalysisRequestSerializer(serializers.Serializer):
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.none())  # per request: __init__
    year = serializers.IntegerField(
        required=False,
        help_text="The year analysed (default: the last completed year): collaborations of that year and before "
        "(or without a year), members that had joined by then, their leading and local flags of that year.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = visible_clusters()  # only what the caller sees (inside the request scope)


class MemberFigureSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MemberFigure
        fields = ["member", "name", "degree", "betweenness", "pagerank", "community", "is_articulation_point"]
        read_only_fields = fields
