from rest_framework import serializers

from tenancy.models import ExpertProfile


class ExpertProfileSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    is_active = serializers.BooleanField(source="user.is_active", read_only=True)
    region = serializers.PrimaryKeyRelatedField(read_only=True)
    fields = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ExpertProfile
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "affiliation",
            "title",
            "phone",
            "region",
            "fields",
            "is_eligible",
            "is_active",
        ]


class ExpertSelfChangeSerializer(serializers.Serializer):
    """What an expert changes on their own profile. Region and fields by code; the service checks them."""

    affiliation = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    region = serializers.CharField(required=False, allow_blank=True, help_text="6-digit region code")
    fields = serializers.ListField(child=serializers.CharField(), required=False, help_text="industry field codes")


class ExpertChangeSerializer(ExpertSelfChangeSerializer):
    """What the ministry changes: the expert's name, e-mail address and eligibility as well."""

    full_name = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    email = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    is_eligible = serializers.BooleanField(required=False)


class ExpertCreateSerializer(ExpertSelfChangeSerializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.CharField(max_length=254, help_text="The invitation to set a password is sent to this address.")
    full_name = serializers.CharField(max_length=150)
    affiliation = serializers.CharField(max_length=1000)
    region = serializers.CharField(help_text="6-digit region code")
    send_invitation = serializers.BooleanField(default=True)
