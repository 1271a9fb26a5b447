"""The national summary of a monitoring evaluation (results, warnings, provinces) as an Excel export
(tenancy/exports), for the ministry."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from monitoring.adjustment import reports
from monitoring.adjustment.views import _ministry_only
from monitoring.models import MonitoringEvaluation
from tenancy.exports.registry import register_export


def _evaluation(request):
    _ministry_only(request)
    return get_object_or_404(MonitoringEvaluation.objects.all(), pk=request.target)


def _check(request):
    _evaluation(request)


def summary_sheets(request):
    return reports.national_summary(_evaluation(request))


def register():
    register_export(
        "monitoring.summary",
        gettext_lazy("National summary of a monitoring evaluation"),
        summary_sheets,
        check=_check,
        formats=("xlsx",),
        needs_target=True,
    )
