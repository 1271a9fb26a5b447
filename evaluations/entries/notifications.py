"""The in-app notifications competition entries send (rendered in the reader's language when shown).

- submitted (first time or again): to every government whose endorsement the new version waits for;
- endorsed by one government, endorsed by every one, returned, declared eligible: to the cluster's promotion body
  (a return also to the other supervising governments, whose pending endorsements it withdraws);
- declared ineligible (with the reason), withdrawn: to the promotion body and every government asked to endorse it;
- carried over into the next round: to the promotion body.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation
from tenancy.notifications.services import notify, register_kind
from tenancy.scoping import unscoped

KINDS = {
    "entries.submitted": _(
        "%(organisation)s submitted the entry of %(cluster)s in %(round)s (version %(version)s); it waits for your "
        "endorsement."
    ),
    "entries.endorsed": _("%(organisation)s endorsed the entry of %(cluster)s in %(round)s."),
    "entries.fully_endorsed": _(
        "Every supervising government has endorsed the entry of %(cluster)s in %(round)s; the ministry checks its "
        "eligibility next."
    ),
    "entries.returned": _("%(organisation)s returned the entry of %(cluster)s in %(round)s with comments: %(comment)s"),
    "entries.eligible": _("The ministry declared the entry of %(cluster)s in %(round)s eligible."),
    "entries.ineligible": _(
        "The ministry declared the entry of %(cluster)s in %(round)s ineligible (formal check failed): %(comment)s"
    ),
    "entries.withdrawn": _("%(organisation)s withdrew the entry of %(cluster)s in %(round)s. %(comment)s"),
    "entries.carried_over": _(
        "The entry of %(cluster)s advanced and was carried over into %(round)s: complete it and submit it before the "
        "deadline."
    ),
}


# The label of each kind on the mail preferences page.
LABELS = {
    "entries.submitted": _("Entry submitted for endorsement"),
    "entries.endorsed": _("Entry endorsed"),
    "entries.fully_endorsed": _("Entry endorsed by every government"),
    "entries.returned": _("Entry returned"),
    "entries.eligible": _("Entry declared eligible"),
    "entries.ineligible": _("Entry declared ineligible"),
    "entries.withdrawn": _("Entry withdrawn"),
    "entries.carried_over": _("Entry carried over into the next round"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])


def send(event) -> None:
    """Notify the organisations an entry's event concerns (inside the event's transaction)."""
    from evaluations.models import Endorsement, SubmissionEvent

    Action = SubmissionEvent.Action
    submission = event.submission
    cluster, round_ = submission.cluster, submission.round
    body = cluster.promotion_body_id
    if event.action == Action.SUBMITTED:
        recipients = list(
            unscoped(Endorsement)
            .filter(
                submission=submission,
                version__number=event.version_number,
                decision=Endorsement.Decision.PENDING,
            )
            .values_list("organisation_id", flat=True)
        )
    elif event.action == Action.RETURNED:
        others = unscoped(Endorsement).filter(submission=submission).exclude(organisation_id=event.organisation_id)
        recipients = [body, *others.values_list("organisation_id", flat=True)]
    elif event.action in (Action.INELIGIBLE, Action.WITHDRAWN):
        asked = unscoped(Endorsement).filter(submission=submission).values_list("organisation_id", flat=True)
        recipients = [body, *asked]
    elif event.action in (Action.ENDORSED, Action.FULLY_ENDORSED, Action.ELIGIBLE, Action.CARRIED_OVER):
        recipients = [body]
    else:
        return
    actor = unscoped(Organisation).filter(pk=event.organisation_id).first()
    notify(
        recipients,
        kind=f"entries.{event.action}",
        actor=event.actor,
        link=reverse("entry-detail", args=[submission.pk]),
        params={
            "cluster": cluster.name,
            "cluster_en": cluster.name_en,
            "round": f"{round_.competition.name} · {round_.name}",
            "round_en": f"{round_.competition.name_en or round_.competition.name} · {round_.name_en or round_.name}",
            "organisation": actor.name if actor else "",
            "organisation_en": actor.name_en if actor else "",
            "version": event.version_number or "",
            "comment": (event.comment or "")[:300],
        },
    )
