"""Reminders of a round's submission deadline (tenancy/mail/reminders.py): 7 days and 1 day before it closes, to
the promotion body of each cluster whose entry is still a draft (or was returned), and, in a first round, of each
cluster that may enter and has no entry yet. A submitted entry is not reminded of."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from evaluations.entries.admission import is_first_round
from evaluations.models import Competition, Round, Submission, Track
from tenancy.mail.reminders import DueReminder, step_before
from tenancy.notifications.services import register_kind
from tenancy.scoping import unscoped

KINDS = {
    "reminders.entry_draft": (
        _("Reminder: submission deadline, entry not submitted"),
        _(
            "The submission window of %(round)s closes on %(closes)s, and the entry of %(cluster)s is not submitted "
            "yet. Complete it and submit it before the deadline."
        ),
    ),
    "reminders.entry_missing": (
        _("Reminder: submission deadline, no entry yet"),
        _(
            "The submission window of %(round)s closes on %(closes)s, and %(cluster)s, which may enter, has no entry "
            "yet. Create and submit it before the deadline if the cluster competes."
        ),
    ),
}


def register():
    for kind, (label, template) in KINDS.items():
        register_kind(kind, template, label=label)


def deadline_text(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def round_params(round_) -> dict:
    competition = round_.competition
    return {
        "round": f"{competition.name} · {round_.name}",
        "round_en": f"{competition.name_en or competition.name} · {round_.name_en or round_.name}",
        "closes": deadline_text(round_.submission_closes),
    }


def _reminder(round_, step, cluster, kind, link):
    return DueReminder(
        subject_type="round",
        subject_id=round_.pk,
        step=f"submission-{step}:{cluster.pk}",
        kind=kind,
        deadline=round_.submission_closes,
        link=link,
        params={**round_params(round_), "cluster": cluster.name, "cluster_en": cluster.name_en},
        organisations=(cluster.promotion_body_id,),
    )


def due_submission_reminders(now):
    rounds = unscoped(Round).filter(
        competition__status=Competition.Status.PUBLISHED,
        submission_opens__lte=now,
        submission_closes__gt=now,
        submission_closes__lte=now + timedelta(days=7),
    )
    for round_ in rounds.select_related("competition").order_by("pk"):
        step = step_before(round_.submission_closes, now)
        if step is None:
            continue
        entries = unscoped(Submission).filter(round=round_).select_related("cluster")
        for entry in entries.filter(status__in=(Submission.Status.DRAFT, Submission.Status.RETURNED)).order_by("pk"):
            if entry.cluster.promotion_body_id:
                link = reverse("entry-detail", args=[entry.pk])
                yield _reminder(round_, step, entry.cluster, "reminders.entry_draft", link)
        if not is_first_round(round_):
            continue
        competition = round_.competition
        fields = unscoped(Track).filter(competition=competition).values("field_id")
        candidates = (
            unscoped(Cluster)
            .filter(tier__in=competition.entry_tiers or [], field_id__in=fields, promotion_body__isnull=False)
            .exclude(pk__in=entries.values("cluster_id"))
            .order_by("pk")
        )
        link = f"{reverse('entry-add')}?round={round_.pk}"
        for cluster in candidates:
            yield _reminder(round_, step, cluster, "reminders.entry_missing", link)
