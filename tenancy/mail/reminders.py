"""Deadline reminders: once a day (Beat, `tenancy.reminders_daily`) every registered source names the reminders
due at that moment, and each person concerned is reminded once per deadline and step.

A domain app registers a source (`register_reminder_source`, from its AppConfig.ready()): a function of the
current time that yields `DueReminder`s: what the deadline is of (`subject_type`, `subject_id`), the step
("submission-7d"), the notification kind and its parameters, the link to the page where the work is done, and who
is reminded: every active member of `organisations`, and the `users` named (experts have no organisation).

For each person not reminded of this deadline at this step before, a `Reminder` row is written (its unique
constraint makes a second run, or a concurrent one, send nothing new) and, if they want the kind mailed, a mail;
each organisation with a newly reminded member also gets one in-app notification (not mailed again).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenancy.mail.services import mail_preference_of, mail_queue, mail_wanted
from tenancy.notifications.services import notify
from tenancy.scoping import unscoped


@dataclass(frozen=True)
class DueReminder:
    subject_type: str
    subject_id: int
    step: str
    kind: str
    deadline: datetime
    link: str
    params: dict
    organisations: tuple = ()
    users: tuple = ()


REMINDER_SOURCES: list[Callable[[datetime], Iterable[DueReminder]]] = []


def register_reminder_source(source) -> None:
    if source not in REMINDER_SOURCES:
        REMINDER_SOURCES.append(source)


def step_before(deadline, now, days=(7, 1)) -> str | None:
    """The step due at `now` before `deadline`: "1d" within a day of it, "7d" within seven days (the nearest step
    that applies), None before the first step or once the deadline has passed."""
    if deadline is None or now >= deadline:
        return None
    left = deadline - now
    for number in sorted(days):
        if left <= timedelta(days=number):
            return f"{number}d"
    return None


def reminders_send(*, now=None) -> int:
    """Send every reminder due at `now` (default: the current time) that was not sent before; returns how many."""
    now = now or timezone.now()
    return sum(reminder_send(due) for source in REMINDER_SOURCES for due in source(now))


def _recipients(due: DueReminder):
    from tenancy.models import Membership

    members = (
        unscoped(Membership)
        .filter(organisation_id__in=due.organisations, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("organisation_id", "user_id")
    )
    recipients = [(membership.user, membership.organisation_id) for membership in members]
    named = get_user_model().objects.filter(pk__in=due.users, is_active=True).order_by("pk")
    return recipients + [(user, None) for user in named]


def reminder_send(due: DueReminder) -> int:
    """Remind everyone `due` concerns who was not reminded of it before; returns how many were reminded."""
    from tenancy.models import Reminder

    key = {"subject_type": due.subject_type, "subject_id": due.subject_id, "step": due.step}
    earlier = unscoped(Reminder).filter(**key)
    done = set(earlier.values_list("user_id", flat=True))
    notified = set(earlier.exclude(organisation=None).values_list("organisation_id", flat=True))
    made = []
    for user, organisation_id in _recipients(due):
        if user.pk in done:
            continue
        done.add(user.pk)
        reminder = Reminder(
            user=user,
            organisation_id=organisation_id,
            kind=due.kind,
            params=due.params,
            link=due.link,
            deadline=due.deadline,
            **key,
        )
        try:
            with transaction.atomic():
                reminder.save()
        except IntegrityError:  # a concurrent run reminded them
            continue
        if user.email and mail_wanted(kind=due.kind, preference=mail_preference_of(user)):
            reminder.mail = mail_queue(message_source=reminder, user=user, organisation_id=organisation_id)
            reminder.save(update_fields=["mail"])
        made.append(reminder)
    organisations = {reminder.organisation_id for reminder in made if reminder.organisation_id} - notified
    if organisations:
        notify(sorted(organisations), kind=due.kind, params=due.params, link=due.link, mail=False)
    mail_ids = [reminder.mail_id for reminder in made if reminder.mail_id]
    if mail_ids:
        # By name, once committed (tenancy.tasks.enqueue, which this module cannot import: the task imports it).
        transaction.on_commit(lambda: current_app.tasks["tenancy.mail_deliver"].delay(mail_ids), robust=True)
    return len(made)
