"""Reminder of a public notice's closing (tenancy/mail/reminders.py): a day before an open notice closes, to the
ministry, which then handles the objections and publishes the final result."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.entries.reminders import deadline_text
from evaluations.models import PublicNotice
from tenancy.mail.reminders import DueReminder, step_before
from tenancy.models import Organisation
from tenancy.notifications.services import register_kind
from tenancy.scoping import unscoped

KINDS = {
    "reminders.notice_closing": (
        _("Reminder: public notice closing"),
        _("The public notice “%(title)s” closes on %(closes)s: handle its objections, then publish the final result."),
    ),
}


def register():
    for kind, (label, template) in KINDS.items():
        register_kind(kind, template, label=label)


def due_notice_reminders(now):
    notices = unscoped(PublicNotice).filter(
        status=PublicNotice.Status.OPEN, closes__gt=now, closes__lte=now + timedelta(days=1)
    )
    ministry = tuple(
        unscoped(Organisation).filter(kind=Organisation.Kind.NATIONAL, is_active=True).values_list("pk", flat=True)
    )
    for notice in notices.order_by("pk"):
        step = step_before(notice.closes, now, days=(1,))
        if step is None:
            continue
        yield DueReminder(
            subject_type="notice",
            subject_id=notice.pk,
            step=f"closing-{step}",
            kind="reminders.notice_closing",
            deadline=notice.closes,
            link=reverse("notice-detail", args=[notice.pk]),
            params={"title": notice.title, "title_en": notice.title_en, "closes": deadline_text(notice.closes)},
            organisations=ministry,
        )
