"""A cluster's indicator values, the comparison of clusters and the verification queue as exports
(tenancy/exports)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Observation
from clusters.observations import selectors
from clusters.observations.views import _cluster, _comparison_request, queue_shown
from tenancy.choices import choice_label
from tenancy.exports.registry import register_export

EXPORT_HEADER = [
    "indicator 指标",
    "category 类别",
    "unit 单位",
    "year 年份",
    "value 数值",
    "source 来源",
    "evidence 佐证材料",
]


def _check_cluster(request):
    _cluster(request.target)


def observation_sheets(request):
    cluster = _cluster(request.target)
    rows = (
        (
            o.indicator.display_name,
            choice_label(o.indicator, "category"),
            o.indicator.unit,
            o.year,
            o.value,
            o.source,
            _("yes") if o.evidence else "",
        )
        for o in Observation.objects.filter(cluster=cluster)
        .select_related("indicator")
        .order_by("indicator__position", "year")
    )
    return [(_("Observations"), EXPORT_HEADER, rows)]


def _comparison(request):
    clusters, indicator, _ids, error = _comparison_request(request)
    if error or not clusters:
        raise ValidationError(error or _("Choose the clusters to compare first."))
    return clusters, indicator


def _check_comparison(request):
    _comparison(request)


def comparison_sheets(request):
    clusters, indicator = _comparison(request)
    result = selectors.comparison(clusters=clusters, indicator=indicator)
    header = [
        f"{indicator.display_name} ({indicator.unit})" if indicator.unit else indicator.display_name,
        *result.years,
    ]
    rows = [(cluster.display_name, *values) for cluster, values in result.rows()]
    return [(indicator.display_name, header, rows)]


def _check_queue(request):
    queue_shown(request)  # 403 for whoever verifies no observations


def queue_sheets(request):
    observations, _status = queue_shown(request)
    header = [_("Cluster"), _("Indicator"), _("Year"), _("Value"), _("Unit"), _("Source"), _("Status")]
    rows = (
        (
            o.cluster.display_name,
            o.indicator.display_name,
            o.year,
            o.value,
            o.indicator.unit,
            o.source,
            o.get_status_display(),
        )
        for o in observations
    )
    return [(_("Observations to verify"), header, rows)]


def register():
    register_export(
        "clusters.observation_queue", gettext_lazy("Observations to verify"), queue_sheets, check=_check_queue
    )
    register_export(
        "clusters.observations",
        gettext_lazy("Indicator values"),
        observation_sheets,
        check=_check_cluster,
        needs_target=True,
    )
    register_export(
        "clusters.comparison", gettext_lazy("Comparison of clusters"), comparison_sheets, check=_check_comparison
    )
