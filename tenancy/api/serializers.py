from rest_framework import serializers

from ..models import ExpertProfile, IndustryField, Membership, Organisation, Region
from ..visibility import Viewer


class ReportEntrySerializer(serializers.Serializer):
    """One problem of a spreadsheet import (members, observations, organisations, experts)."""

    row = serializers.IntegerField(help_text="Row number as a spreadsheet shows it; the header is row 1.")
    column = serializers.CharField(help_text="The column's header as written in the file (empty: the whole row).")
    message = serializers.CharField()


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent", "longitude", "latitude"]


class IndustryFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryField
        fields = ["code", "name", "name_en"]


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


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    last_login = serializers.DateTimeField(source="user.last_login", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "full_name", "email", "organisation", "role", "is_active", "last_login", "created"]
        read_only_fields = ["organisation", "is_active", "created"]


class MembershipCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField(help_text="The invitation to set a password is sent to this address.")
    full_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


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


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=[Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT, Viewer.ANONYMOUS]
    )
    role = serializers.CharField(allow_null=True)
    organisation = OrganisationSerializer(allow_null=True)
    is_superuser = serializers.BooleanField()
