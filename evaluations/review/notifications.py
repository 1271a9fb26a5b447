"""The in-app notifications the expert review sends (rendered in the reader's language when shown).

- a conflict of interest found after the assignment (declared, or created by a change of the expert's profile)
  that recused open assignments or flagged submitted reviews: to the ministry.
"""

from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation
from tenancy.notifications.services import notify, register_kind
from tenancy.scoping import unscoped

KINDS = {
    "review.conflict_found": _(
        "%(expert)s is conflicted with %(clusters)s (%(reasons)s): %(recused)s open assignments "
        "recused, %(flagged)s submitted reviews flagged. Flagged reviews do not count in evaluation runs while the "
        "conflict lasts."
    ),
}


# The label of each kind on the mail preferences page.
LABELS = {
    "review.conflict_found": _("Expert conflict of interest found"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])


def _ministry() -> list[int]:
    return list(
        unscoped(Organisation).filter(kind=Organisation.Kind.NATIONAL, is_active=True).values_list("pk", flat=True)
    )


def notify_conflict_found(*, expert, clusters, reasons, recused: int, flagged: int, actor, link: str) -> None:
    notify(
        _ministry(),
        kind="review.conflict_found",
        actor=actor,
        link=link,
        params={
            "expert": str(expert),
            "clusters": "、".join(clusters)[:300],
            "reasons": "; ".join(reasons)[:500],
            "recused": recused,
            "flagged": flagged,
        },
    )
