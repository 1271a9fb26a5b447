"""The lists of monitoring evaluations and of the method versions as exports (tenancy/exports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.evaluation import selectors
from monitoring.evaluation.tables import EVALUATION_SORTS
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


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
