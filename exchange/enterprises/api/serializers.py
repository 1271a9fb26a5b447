"""The API's shape of an enterprise in several clusters (built from exchange.enterprises.selectors.Enterprise)."""

from rest_framework import serializers


class PlaceSerializer(serializers.Serializer):
    cluster = serializers.IntegerField(source="cluster_id", help_text="The cluster's id.")
    name = serializers.CharField(help_text="The cluster's name.")
    name_en = serializers.CharField(help_text="The cluster's English name.")
    member = serializers.IntegerField(
        source="member_id",
        allow_null=True,
        help_text="The member record there (/api/v1/members/{id}/) when the caller may read it, else null.",
    )
    public = serializers.BooleanField(help_text="The cluster is in the public register.")


class EnterpriseSerializer(serializers.Serializer):
    credit_code = serializers.CharField(help_text="Unified social credit code: the link between the members.")
    name = serializers.CharField(help_text="The name of a member record the caller may read.")
    name_en = serializers.CharField()
    cluster_count = serializers.IntegerField(help_text="The clusters the enterprise is a member of, in all.")
    clusters = PlaceSerializer(
        source="named",
        many=True,
        help_text="The clusters the caller may see (with the member record) and those of the public register.",
    )
    other_clusters = serializers.IntegerField(
        source="hidden_count", help_text="Clusters neither seen by the caller nor in the public register: counted."
    )
