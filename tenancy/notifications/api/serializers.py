"""The API serializers of notifications."""

from rest_framework import serializers

from tenancy.models import Notification
from tenancy.notifications.services import (
    render_message,
)


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.SerializerMethodField(help_text="The text, in the language of the request.")
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    read = serializers.BooleanField(source="is_read", read_only=True, help_text="Read by the caller.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "link", "actor", "created", "read"]
        read_only_fields = fields

    def get_message(self, notification) -> str:
        return render_message(notification)
