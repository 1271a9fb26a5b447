from rest_framework import serializers

from tenancy.invitations.models import Invitation


class InvitationSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)
    status = serializers.ChoiceField(choices=Invitation.Status.choices, read_only=True)
    invited_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "organisation",
            "language",
            "status",
            "invited_by",
            "created",
            "sent",
            "times_sent",
            "expires",
            "accepted",
            "withdrawn",
        ]
        read_only_fields = fields
