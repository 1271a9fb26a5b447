"""The in-app notifications competition entries send (rendered in the reader's language when shown).

- submitted (first time or again): to every government whose endorsement the new version waits for;
- endorsed by one government, endorsed by every one, returned, declared eligible: to the cluster's promotion body
  (a return also to the other supervising governments, whose pending endorsements it withdraws).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation
from tenancy.notifications import notify, register_kind

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
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template)


def send(event) -> None:
    """Notify the organisations an entry's event concerns (inside the event's transaction)."""
    from evaluations.models import Endorsement, SubmissionEvent

    Action = SubmissionEvent.Action
    submission = event.submission
    cluster, round_ = submission.cluster, submission.round
    body = cluster.promotion_body_id
    if event.action == Action.SUBMITTED:
        recipients = list(
            Endorsement._base_manager.filter(
                submission=submission,
                version__number=event.version_number,
                decision=Endorsement.Decision.PENDING,
            ).values_list("organisation_id", flat=True)
        )
    elif event.action == Action.RETURNED:
        others = Endorsement._base_manager.filter(submission=submission).exclude(organisation_id=event.organisation_id)
        recipients = [body, *others.values_list("organisation_id", flat=True)]
    elif event.action in (Action.ENDORSED, Action.FULLY_ENDORSED, Action.ELIGIBLE):
        recipients = [body]
    else:
        return
    actor = Organisation._base_manager.filter(pk=event.organisation_id).first()
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
