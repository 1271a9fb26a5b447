"""The policy library, the toolkits and the comparison of toolkits as exports (tenancy/exports): what the pages
show for the same search and filters, every page; money in 万元 with two decimals, as numbers (tenancy/numbers.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policies.library import selectors
from policies.library.views import _comparison, policies_shown, toolkits_shown
from policies.models import PolicyCategory
from tenancy.exports.registry import register_export
from tenancy.numbers import wan_cell

STATUS_LABELS = {"covered": gettext_lazy("covered"), "unfunded": gettext_lazy("no money"), "gap": gettext_lazy("GAP")}


def policy_sheets(request):
    policies, _query, _raw, _filters = policies_shown(request)
    policies = policies.select_related("issuer").prefetch_related("categories", "target_clusters")
    header = [
        _("Policy"),
        _("Document number"),
        _("Level"),
        _("Status"),
        _("Issuer"),
        _("Issued"),
        _("Categories"),
        _("Target clusters"),
    ]
    rows = (
        (
            policy.display_title,
            policy.document_number,
            policy.get_level_display(),
            policy.get_status_display(),
            policy.issuer.display_name if policy.issuer else "",
            policy.issued_on,
            "、".join(category.display_name for category in policy.categories.all()),
            "、".join(cluster.display_name for cluster in policy.target_clusters.all()),
        )
        for policy in policies
    )
    return [(_("Policies"), header, rows)]


def toolkit_sheets(request):
    toolkits, _query = toolkits_shown(request)
    toolkits = list(toolkits)
    coverage = selectors.toolkit_coverage(toolkits)
    header = [
        _("Toolkit"),
        _("Cluster"),
        _("Local government"),
        _("Policies"),
        _("Instruments"),
        _("Committed (10k CNY)"),
        _("Disbursed (10k CNY)"),
        _("Gaps"),
    ]
    rows = (
        (
            toolkit.title,
            toolkit.cluster.display_name,
            toolkit.owner.display_name,
            toolkit.policy_count,
            toolkit.instrument_count,
            wan_cell(coverage[toolkit.pk].committed),
            wan_cell(coverage[toolkit.pk].disbursed),
            "、".join(category.display_name for category in coverage[toolkit.pk].gaps),
        )
        for toolkit in toolkits
    )
    return [(_("Toolkits"), header, rows)]


def _compared(request):
    toolkits, coverage, _chosen, error = _comparison(request)
    if error or not toolkits:
        raise ValidationError(error or _("There is no toolkit to compare."))
    return toolkits, coverage


def _check_comparison(request):
    _compared(request)


def comparison_sheets(request):
    toolkits, coverage = _compared(request)
    header = [_("Category"), _("Measure")] + [f"{t.cluster.name} · {t.owner.name}" for t in toolkits]
    rows = []
    for index, category in enumerate(PolicyCategory.objects.all()):
        cells = [coverage[t.pk].rows[index] for t in toolkits]
        name = category.display_name
        rows.append([name, _("Status"), *[str(STATUS_LABELS[c.status]) for c in cells]])
        rows.append([name, _("Policies"), *[len(c.policy_ids) for c in cells]])
        rows.append([name, _("Instruments"), *[len(c.instrument_ids) for c in cells]])
        rows.append([name, _("Committed (10k CNY)"), *[wan_cell(c.committed) for c in cells]])
        rows.append([name, _("Disbursed (10k CNY)"), *[wan_cell(c.disbursed) for c in cells]])
    totals = [coverage[t.pk] for t in toolkits]
    rows.append([_("Total"), _("Committed (10k CNY)"), *[wan_cell(c.committed) for c in totals]])
    rows.append([_("Total"), _("Disbursed (10k CNY)"), *[wan_cell(c.disbursed) for c in totals]])
    rows.append([_("Total"), _("Gaps"), *["、".join(g.display_name for g in c.gaps) for c in totals]])
    return [(_("Toolkit comparison"), header, rows)]


def register():
    register_export("policies.policies", gettext_lazy("Policies"), policy_sheets)
    register_export("policies.toolkits", gettext_lazy("Toolkits"), toolkit_sheets)
    register_export(
        "policies.toolkit_comparison",
        gettext_lazy("Toolkit comparison"),
        comparison_sheets,
        check=_check_comparison,
        formats=("xlsx",),
    )
