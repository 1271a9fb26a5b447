"""The API serializers of layout."""

from rest_framework import serializers

from clusters.models import Cluster

# Serializers (they describe the response; the data is built by `layout_data`) ---------------------------------------


class TierCountsSerializer(serializers.Serializer):
    world_class = serializers.IntegerField()
    national = serializers.IntegerField()
    provincial = serializers.IntegerField()
    cultivating = serializers.IntegerField()


class LayoutRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)


class LayoutClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    field = serializers.CharField(help_text="Industry field code.")
    tier = serializers.ChoiceField(choices=Cluster.Tier.choices)
    stage = serializers.ChoiceField(choices=Cluster.Stage.choices)
    provinces = serializers.ListField(child=serializers.CharField(), help_text="Codes of the provinces it spans.")
    regions = LayoutRegionSerializer(many=True)
    cross_region = serializers.BooleanField(help_text="Spans more than one region (city), in one province or several.")


class LayoutCellSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Industry field code of the column.")
    counts = TierCountsSerializer()
    total = serializers.IntegerField()
    clusters = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the cell's clusters.")


class LayoutFieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    counts = TierCountsSerializer()
    total = serializers.IntegerField(help_text="Clusters of the field, each once.")
    national_level = serializers.IntegerField(help_text="National and world-class clusters.")


class TileSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    col = serializers.IntegerField()


class LayoutProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    tile = TileSerializer(allow_null=True, help_text="Square of the province on the tile-grid cartogram.")
    counts = TierCountsSerializer()
    total = serializers.IntegerField(help_text="Clusters with a region in the province, each once.")
    national_level = serializers.IntegerField(help_text="National and world-class clusters.")
    cells = LayoutCellSerializer(many=True, help_text="One cell per industry field, in the order of `fields`.")


class LayoutTotalsSerializer(serializers.Serializer):
    counts = TierCountsSerializer()
    total = serializers.IntegerField(help_text="Clusters counted, each once.")
    national_level = serializers.IntegerField()
    cross_region = serializers.IntegerField(help_text="Clusters spanning more than one region (city).")
    placements = serializers.IntegerField(
        help_text="Sum of the province totals: a cross-region cluster counts in every province it spans."
    )


class LayoutGapsSerializer(serializers.Serializer):
    fields_without_national = serializers.ListField(
        child=serializers.CharField(), help_text="Industry fields with no national or world-class cluster."
    )
    provinces_without_national = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Provinces with no national or world-class cluster; null where the caller's clusters cannot "
        "tell (a promotion body's or an expert's). A local government gets the provinces of its jurisdiction.",
    )


class LayoutFiltersSerializer(serializers.Serializer):
    tier = serializers.ListField(child=serializers.ChoiceField(choices=Cluster.Tier.choices))
    field = serializers.CharField(allow_blank=True)
    province = serializers.CharField(allow_blank=True)
    stage = serializers.CharField(allow_blank=True)


class LayoutSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=["country", "jurisdiction", "own", "assigned", "public"],
        help_text="Which clusters the layout is computed over: the whole country (the ministry), a local "
        "government's jurisdiction, a promotion body's own clusters, an expert's assigned ones, or the public "
        "register's national-level clusters.",
    )
    filters = LayoutFiltersSerializer()
    fields = LayoutFieldSerializer(many=True)
    provinces = LayoutProvinceSerializer(many=True)
    clusters = LayoutClusterSerializer(many=True, help_text="The clusters counted, highest tier first, then by name.")
    totals = LayoutTotalsSerializer()
    gaps = LayoutGapsSerializer(help_text="Gaps look at national-level clusters whatever the tier filter.")
