"""Builders for the mail matrix cases (tests/matrix/mail.py): each makes the objects a case needs."""

from django.urls import reverse

from tenancy.models import OutgoingMail, Reminder

from ..cast import ORGANISATION_OF


def mail_url(recipient_role, route="outbox-detail"):
    def make(world):
        recipient = world.user(recipient_role)
        mail = OutgoingMail.objects.create(
            to=recipient.email,
            subject="矩阵测试邮件",
            body="正文",
            user=recipient,
            organisation=world.orgs[ORGANISATION_OF[recipient_role]],
            status=OutgoingMail.Status.SENT,
        )
        return reverse(route, args=[mail.pk])

    return make


def reminder_url(world):
    """A reminder sent to the Nanjing body's viewer."""
    reminder = Reminder.objects.create(
        user=world.nanjing_viewer,
        organisation=world.orgs["nanjing_body"],
        subject_type="round",
        subject_id=1,
        step="submission-7d",
        kind="reminders.entry_draft",
        params={"round": "初赛", "cluster": "南京", "closes": "2024-04-30 17:00"},
        link="/entries/1/",
        deadline="2024-04-30T09:00:00Z",
    )
    return reverse("api:reminder-detail", args=[reminder.pk])
