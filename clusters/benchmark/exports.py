"""The benchmark list as an export (tenancy/exports): the standings /benchmark/ shows for the same query string,
every page; like the page, no figure of a cluster the requester may not see."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.benchmark.selectors import axis_measures
from clusters.benchmark.views import benchmark_rows, benchmark_shown
from tenancy.exports.registry import register_export


def _shown(request):
    if not request.user.has_perm("clusters.view_benchmark"):
        raise PermissionDenied
    form, clusters, _filters, _sorting = benchmark_shown(request)
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        )
    return form, clusters


def _check(request):
    _shown(request)


def _cells(standing):
    if standing is None:
        return ["", "", "", "", ""]
    rank = standing.rank
    return [
        standing.display_value,
        rank.percentile if rank else "",
        rank.cohort_size if rank else "",
        str(rank.band_label) if rank else "",
        "" if rank else str(standing.reason_label),
    ]


def benchmark_sheets(request):
    form, clusters = _shown(request)
    indicator, axes = form.chosen_indicator, axis_measures()
    header = [_("Cluster"), _("English name"), _("Industry field"), _("Tier")]
    for label in [f"{indicator.display_name} ({form.chosen_year})" if indicator else _("Indicator")] + [
        str(axis.label) for axis in axes
    ]:
        header += [label, f"{label}: P", f"{label}: {_('cohort')}", f"{label}: {_('band')}", f"{label}: {_('note')}"]
    clusters = list(clusters.select_related("field"))
    rows = (
        [
            row.cluster.name,
            row.cluster.name_en,
            row.cluster.field.display_name if row.cluster.field else "",
            row.cluster.get_tier_display(),
            *_cells(row.indicator),
            *(cell for standing in row.axes for cell in _cells(standing)),
        ]
        for row in benchmark_rows(form, clusters)
    )
    return [(_("National benchmark"), header, rows)]


def register():
    register_export("clusters.benchmark", gettext_lazy("National benchmark"), benchmark_sheets, check=_check)
