"""The national summary of a monitoring evaluation (results, warnings, provinces) as an Excel export
(tenancy/exports), for the ministry; and a cluster's rectification notes, for whoever reads its page."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.adjustment import reports
from monitoring.adjustment.views import _ministry_only, rectification_cluster, rectifications_shown
from monitoring.models import MonitoringEvaluation
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


def _evaluation(request):
    _ministry_only(request)
    return get_object_or_404(MonitoringEvaluation.objects.all(), pk=request.target)


def _check(request):
    _evaluation(request)


def summary_sheets(request):
    return reports.national_summary(_evaluation(request))


def _check_notes(request):
    rectification_cluster(request, request.target)  # 404 for a cluster the requester may not see


def rectification_sheets(request):
    cluster = rectification_cluster(request, request.target)
    notes, _sorting = rectifications_shown(request, cluster)
    header = [_("Filed"), _("Organisation"), _("By"), _("Decision answered"), _("Rectification")]

    def answered(note):
        if not note.decision:
            return ""
        return f"{note.decision.result.evaluation.year} {note.decision.get_decision_display()}"

    rows = (
        (
            local_time(note.created),
            note.organisation.display_name,
            (note.author.get_full_name() or note.author.username) if note.author else "",
            answered(note),
            note.text,
        )
        for note in notes
    )
    return [(_("Rectification notes"), header, rows)]


def register():
    register_export(
        "monitoring.rectifications",
        gettext_lazy("Rectification notes"),
        rectification_sheets,
        check=_check_notes,
        needs_target=True,
    )
    register_export(
        "monitoring.summary",
        gettext_lazy("National summary of a monitoring evaluation"),
        summary_sheets,
        check=_check,
        formats=("xlsx",),
        needs_target=True,
    )
