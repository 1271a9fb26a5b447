from rest_framework import serializers

from ..models import Cluster


class ClusterSerializer(serializers.ModelSerializer):
    field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Cluster
        fields = [
            "id",
            "name",
            "name_en",
            "field",
            "regions",
            "promotion_body",
            "tier",
            "national_since",
            "stage",
            "is_public",
            "summary",
            "updated",
        ]
        read_only_fields = fields
