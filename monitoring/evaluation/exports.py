"""The lists of monitoring evaluations, of an evaluation's results and of the method versions as exports
(tenancy/exports)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.evaluation import selectors
from monitoring.evaluation.tables import EVALUATION_SORTS
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export
from tenancy.numbers import score_cell


def evaluation_sheets(request):
    header = [_("Year"), _("Evaluation"), _("Method"), _("Trigger"), _("Status"), _("Clusters"), _("Recorded")]
    rows = (
        (
            evaluation.year,
            evaluation.pk,
            f"v{evaluation.method.version} {evaluation.method.name}" if evaluation.method else "",
            evaluation.get_trigger_display(),
            evaluation.get_status_display(),
            evaluation.result_count,
            local_time(evaluation.created),
        )
        for evaluation in EVALUATION_SORTS.read(request).apply(selectors.visible_monitoring_evaluations())
    )
    return [(_("Monitoring evaluations"), header, rows)]


def _evaluation(request):
    return get_object_or_404(selectors.visible_monitoring_evaluations(), pk=request.target)


def result_sheets(request):
    """An evaluation's results as its page lists them (the viewer's clusters, the page's filters and sort)."""
    from monitoring.evaluation.views import results_shown

    evaluation = _evaluation(request)
    results, _form, _sorting = results_shown(request, evaluation)
    header = [
        _("Cluster"),
        _("Industry field"),
        _("Grade"),
        _("Overall score"),
        _("Change from last year"),
        _("Recommendation"),
        _("Warnings"),
    ]
    rows = (
        (
            result.cluster.display_name,
            result.cluster.field.display_name if result.cluster.field else "",
            result.grade,
            score_cell(result.overall),
            score_cell(result.change),
            result.get_recommendation_display(),
            result.warning_count,
        )
        for result in results
    )
    title = _("Monitoring evaluation %(year)s") % {"year": evaluation.year}
    return [(title, header, rows)]


def method_sheets(request):
    from monitoring.evaluation.views import methods_shown

    methods, _sorting = methods_shown(request)
    header = [_("Version"), _("Name"), _("Current"), _("Created by"), _("Created")]
    rows = (
        (
            method.version,
            method.name,
            _("yes") if method.is_current else _("no"),
            str(method.created_by or ""),
            local_time(method.created),
        )
        for method in methods
    )
    return [(_("Monitoring methods"), header, rows)]


def register():
    register_export("monitoring.evaluations", gettext_lazy("Monitoring evaluations"), evaluation_sheets)
    register_export("monitoring.methods", gettext_lazy("Monitoring methods"), method_sheets)
    register_export(
        "monitoring.results",
        gettext_lazy("Results of a monitoring evaluation"),
        result_sheets,
        check=_evaluation,
        needs_target=True,
    )
