"""The in-app notifications the public notice sends (rendered in the reader's language when shown): a notice opened, an
objection lodged, and the final result of each entry (`evaluations.notice.winners.notify_outcomes`)."""

from django.utils.translation import gettext_lazy as _

from tenancy.notifications.services import register_kind

KINDS = {
    "notice.opened": _(
        "The public notice “%(title)s” of the proposed winners is published; objections may be lodged until %(closes)s."
    ),
    "notice.final": _(
        "The final result of “%(title)s” is published: the results and score breakdowns of your entries are in "
        "My results."
    ),
    "notice.objection_lodged": _("A new objection was lodged against the public notice “%(title)s”."),
    # The final result, per entry, to its promotion body and the governments that endorsed it (notice.final above is
    # what notifications sent before kept).
    "notice.winner": _(
        "The final result of “%(title)s” is published: %(cluster)s is among the winners of %(competition)s and is "
        "designated a national-level advanced manufacturing cluster. Its result and score breakdown are in My results."
    ),
    "notice.not_winner": _(
        "The final result of “%(title)s” is published: %(cluster)s is not among the winners of %(competition)s. Its "
        "result and score breakdown are in My results."
    ),
    "notice.advanced": _(
        "The final result of “%(title)s” is published: %(cluster)s advances to the next round of %(competition)s. "
        "Its result and score breakdown are in My results."
    ),
    "notice.not_advanced": _(
        "The final result of “%(title)s” is published: %(cluster)s does not advance to the next round of "
        "%(competition)s. Its result and score breakdown are in My results."
    ),
}


# The label of each kind on the mail preferences page.
LABELS = {
    "notice.opened": _("Public notice published"),
    "notice.final": _("Final result published"),
    "notice.objection_lodged": _("Objection lodged"),
    "notice.winner": _("Final result: winner"),
    "notice.not_winner": _("Final result: not a winner"),
    "notice.advanced": _("Final result: advanced"),
    "notice.not_advanced": _("Final result: not advanced"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])
