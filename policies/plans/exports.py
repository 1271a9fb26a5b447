"""The list of cultivation plans as an export (tenancy/exports): the listed plans (the list's filters and search,
every page) and their targets' progress."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policies.plans import selectors
from policies.plans.tables import PLAN_SORTS
from policies.plans.views import _filtered_plans, _require_plans
from tenancy.exports.registry import register_export


def _check(request):
    _require_plans(request)


def plan_sheets(request):
    """The listed plans (same filters) and their targets' progress: two sheets (a CSV holds the plans)."""
    _require_plans(request)
    plans, _filters = _filtered_plans(request)
    plans = list(PLAN_SORTS.read(request).apply(plans))
    progress = selectors.progress_for_plans(plans)
    plan_rows = [
        [
            plan.pk,
            plan.title,
            plan.cluster.name,
            "、".join(owner.name for owner in plan.owners.all()),
            plan.period_start,
            plan.period_end,
            str(plan.get_status_display()),
            plan.version,
            timezone.localtime(plan.updated).replace(tzinfo=None),
        ]
        for plan in plans
    ]
    target_rows = [
        [
            plan.pk,
            plan.title,
            item.target.indicator.display_name,
            item.target.indicator.unit,
            item.target.baseline_year,
            item.target.baseline_value,
            item.target.target_year,
            item.target.target_value,
            item.year,
            item.actual,
            item.expected,
            None if item.ratio is None else round(float(item.ratio), 4),
            str(item.label),
        ]
        for plan in plans
        for item in progress[plan.pk]
    ]
    sheets = [
        (
            _("Plans"),
            [
                _("ID"),
                _("Title"),
                _("Cluster"),
                _("Owners"),
                _("From"),
                _("To"),
                _("Status"),
                _("Version"),
                _("Updated"),
            ],
            plan_rows,
        ),
        (
            _("Targets"),
            [
                _("Plan ID"),
                _("Plan"),
                _("Indicator"),
                _("Unit"),
                _("Baseline year"),
                _("Baseline value"),
                _("Target year"),
                _("Target value"),
                _("Latest year"),
                _("Actual value"),
                _("Expected value"),
                _("Progress ratio"),
                _("Progress"),
            ],
            target_rows,
        ),
    ]
    return sheets


def register():
    register_export("policies.plans", gettext_lazy("Cultivation plans"), plan_sheets, check=_check)
