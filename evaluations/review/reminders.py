"""Reminders of a round's review deadline (tenancy/mail/reminders.py): 7 days and 1 day before the review window
closes, to each expert with an assigned entry of the round whose review is not submitted."""

from collections import Counter
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.entries.reminders import deadline_text, round_params
from evaluations.models import Assignment, Competition, Review, Round, Submission
from tenancy.mail.reminders import DueReminder, step_before
from tenancy.notifications.services import register_kind
from tenancy.scoping import unscoped

KINDS = {
    "reminders.review_open": (
        _("Reminder: review deadline, reviews not submitted"),
        _(
            "The review window of %(round)s closes on %(closes)s, and %(count)s of your reviews are not submitted "
            "yet. Score the entries and submit the reviews before the deadline."
        ),
    ),
}


def register():
    for kind, (label, template) in KINDS.items():
        register_kind(kind, template, label=label)


def due_review_reminders(now):
    rounds = unscoped(Round).filter(
        competition__status=Competition.Status.PUBLISHED,
        review_opens__lte=now,
        review_closes__gt=now,
        review_closes__lte=now + timedelta(days=7),
    )
    for round_ in rounds.select_related("competition").order_by("pk"):
        step = step_before(round_.review_closes, now)
        if step is None:
            continue
        submitted = unscoped(Review).filter(status=Review.Status.SUBMITTED).values("assignment_id")
        open_reviews = Counter(
            unscoped(Assignment)
            .filter(submission__round=round_, status=Assignment.Status.ASSIGNED)
            .exclude(submission__status__in=Submission.OUT_OF_COMPETITION)
            .exclude(Q(pk__in=submitted))
            .values_list("expert__user_id", flat=True)
        )
        for user_id, count in sorted(open_reviews.items()):
            yield DueReminder(
                subject_type="round",
                subject_id=round_.pk,
                step=f"review-{step}",
                kind="reminders.review_open",
                deadline=round_.review_closes,
                link=reverse("my-assignments"),
                params={**round_params(round_), "closes": deadline_text(round_.review_closes), "count": count},
                users=(user_id,),
            )
