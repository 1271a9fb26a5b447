"""The API serializers of the outbox and the reminder history."""

from rest_framework import serializers

from tenancy.models import OutgoingMail, Reminder
from tenancy.notifications.kinds import render_message


class OutgoingMailSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    body = serializers.CharField(
        source="shown_body",
        read_only=True,
        help_text="The text; in mail other than notifications and reminders, links are hidden (they may carry a "
        "sign-in token).",
    )

    class Meta:
        model = OutgoingMail
        fields = [
            "id",
            "to",
            "subject",
            "body",
            "language",
            "kind",
            "user",
            "organisation",
            "notification",
            "status",
            "attempts",
            "created",
            "sent_at",
            "error",
        ]
        read_only_fields = fields


class ReminderSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    message = serializers.SerializerMethodField(help_text="The text, in the language of the request.")
    mail_status = serializers.CharField(source="mail.status", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Reminder
        fields = [
            "id",
            "user",
            "organisation",
            "subject_type",
            "subject_id",
            "step",
            "kind",
            "message",
            "link",
            "deadline",
            "created",
            "mail_status",
        ]
        read_only_fields = fields

    def get_message(self, reminder) -> str:
        return render_message(reminder)
