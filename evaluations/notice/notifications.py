"""The in-app notifications the public notice sends (rendered in the reader's language when shown)."""

from django.utils.translation import gettext_lazy as _

from tenancy.notifications import register_kind

KINDS = {
    "notice.opened": _(
        "The public notice “%(title)s” of the proposed winners is published; objections may be lodged until %(closes)s."
    ),
    "notice.final": _(
        "The final result of “%(title)s” is published: the results and score breakdowns of your entries are in "
        "My results."
    ),
    "notice.objection_lodged": _("A new objection was lodged against the public notice “%(title)s”."),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template)
