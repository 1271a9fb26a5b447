"""The list of competitions as an export (tenancy/exports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.competitions import selectors
from evaluations.competitions.tables import COMPETITION_SORTS
from tenancy.exports.registry import register_export


def competition_sheets(request):
    header = [_("Year"), _("Name"), _("Status"), _("Tracks"), _("Rounds")]
    rows = (
        (c.year, c.display_name, c.get_status_display(), c.track_count, c.round_count)
        for c in COMPETITION_SORTS.read(request).apply(selectors.visible_competitions())
    )
    return [(_("Competitions"), header, rows)]


def register():
    register_export("evaluations.competitions", gettext_lazy("Competitions"), competition_sheets)
