from rest_framework import serializers

from tenancy.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "kind", "name", "name_en", "region", "parent", "is_active"]


class OrganisationAdminSerializer(serializers.Serializer):
    """The first administrator of a new organisation: invited by e-mail to set a password."""

    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField(help_text="The invitation to set a password is sent to this address.")
    full_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)


class OrganisationWriteSerializer(serializers.Serializer):
    """The fields of a new or changed organisation; the service checks them against each other and the caller.
    Without a parent, the parent follows from the region."""

    name = serializers.CharField(max_length=128)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    slug = serializers.SlugField(max_length=64)
    region = serializers.CharField(max_length=6, required=False, allow_null=True, default=None)
    parent = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1)


class OrganisationCreateSerializer(OrganisationWriteSerializer):
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    admin = OrganisationAdminSerializer(required=False, allow_null=True, default=None)
