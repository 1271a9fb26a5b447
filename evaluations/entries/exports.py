"""The list of competition entries as an export (tenancy/exports): the list's tab and filters, every page."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.entries.tables import ENTRY_SORTS
from evaluations.entries.views import _filtered_entries
from tenancy.exports.registry import register_export

EXPORT_HEADER = [
    "cluster 集群",
    "competition 竞赛",
    "round 轮次",
    "track 赛道",
    "status 状态",
    "first submitted 首次提交",
    "last submitted 最近提交",
    "revision 修订号",
]


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def entry_sheets(request):
    """The list's entries (same tab and filters); every text cell is escaped."""
    _viewer, _view, entries, _form = _filtered_entries(request)
    entries = ENTRY_SORTS.read(request).apply(entries)
    rows = (
        [
            entry.cluster.name,
            entry.round.competition.name,
            entry.round.name,
            entry.track.field.name,
            entry.get_status_display(),
            _local(entry.submitted_at),
            _local(entry.last_submitted_at),
            entry.revision,
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    return [(_("Entries"), EXPORT_HEADER, rows)]


def register():
    register_export("evaluations.entries", gettext_lazy("Competition entries"), entry_sheets)
