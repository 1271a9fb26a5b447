from rest_framework import serializers


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    context = serializers.CharField()
    url = serializers.CharField(help_text="The hit's page.")
    id = serializers.IntegerField(source="object.pk")


class GroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.kind")
    label = serializers.CharField(source="kind.label")
    found = serializers.IntegerField(help_text="Matches seen, at most 200.")
    broad = serializers.BooleanField(help_text="200 matches or more: the hits are the best of the first 200.")
    results = HitSerializer(many=True, source="hits")


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField(source="query.text")
    groups = GroupSerializer(many=True)
