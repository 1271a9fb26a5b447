"""The clusters app's own consistency checks (see the package's docstring), registered when the app is ready."""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Observation
from clusters.observations.selectors import format_value
from clusters.quality.registry import Check, Finding, percent, register_check
from clusters.quality.selectors import MEMBER_FIGURES, member_totals


def _observations(clusters, year=None):
    rows = Observation.objects.filter(cluster__in=[c.pk for c in clusters]).select_related("indicator")
    return rows.filter(year=year) if year else rows


def _finding(check, observation, *, message, compared_with=None) -> Finding:
    return Finding(
        check=check,
        cluster_id=observation.cluster_id,
        year=observation.year,
        subject=observation.indicator.display_name,
        indicator=observation.indicator.code,
        unit=observation.indicator.unit,
        value=observation.value,
        compared_with=compared_with,
        message=message,
        observation_id=observation.pk,
        observation_status=observation.status,
        status_label=observation.get_status_display(),
        url=reverse("observation-detail", args=[observation.cluster_id, observation.pk]),
    )


# Whole counts -------------------------------------------------------------------------------------------------------


def whole_counts(*, clusters, year=None) -> Iterable[Finding]:
    fractional = (
        _observations(clusters, year)
        .filter(indicator__is_count=True)
        .annotate(whole=Floor("value"))
        .exclude(value=F("whole"))
        .order_by("cluster_id", "indicator__position", "year")
    )
    for observation in fractional:
        yield _finding(
            "whole_counts",
            observation,
            message=_("%(value)s is not a whole number, but “%(indicator)s” counts things.")
            % {"value": format_value(observation.value), "indicator": observation.indicator.display_name},
        )


# Member totals against the cluster's own figure ---------------------------------------------------------------------


def member_totals_check(*, clusters, year=None) -> Iterable[Finding]:
    """For each member figure, the cluster's observation of the year asked (else its latest year) against the
    members' total in the indicator's unit."""
    ratio = Decimal(str(settings.QUALITY_MEMBER_TOTAL_RATIO))
    codes = [figure.indicator for figure in MEMBER_FIGURES]
    latest: dict = {}
    for observation in (
        _observations(clusters, year).filter(indicator__code__in=codes).order_by("cluster_id", "indicator_id", "year")
    ):
        latest[(observation.cluster_id, observation.indicator.code)] = observation  # the last year wins
    years = sorted({observation.year for observation in latest.values()})
    totals = {y: member_totals(clusters=clusters, year=y) for y in years}  # one query per year (usually one)
    for figure in MEMBER_FIGURES:
        for cluster in clusters:
            observation = latest.get((cluster.pk, figure.indicator))
            if observation is None:
                continue
            raw = totals[observation.year].get(cluster.pk, {}).get(figure.field)
            if raw is None:
                continue
            total = Decimal(raw) / figure.divisor
            if total > observation.value * ratio:
                yield _finding(
                    "member_totals",
                    observation,
                    compared_with=total,
                    message=_(
                        "The members' %(figure)s add up to %(total)s %(unit)s, more than the cluster's own "
                        "%(value)s %(unit)s in %(year)d."
                    )
                    % {
                        "figure": figure.label,
                        "total": format_value(round(total, 2)),
                        "unit": observation.indicator.unit,
                        "value": format_value(observation.value),
                        "year": observation.year,
                    },
                )


# Year-on-year jumps -------------------------------------------------------------------------------------------------


def year_on_year(*, clusters, year=None) -> Iterable[Finding]:
    limit = Decimal(str(settings.QUALITY_YEAR_ON_YEAR_CHANGE))
    rows = _observations(clusters).order_by("cluster_id", "indicator__position", "indicator_id", "year")
    if year:
        rows = rows.filter(year__in=[year - 1, year])
    previous = None
    for observation in rows:
        before, previous = previous, observation
        same_series = before is not None and (before.cluster_id, before.indicator_id) == (
            observation.cluster_id,
            observation.indicator_id,
        )
        if not same_series:
            continue
        if before.year != observation.year - 1 or not before.value:
            continue  # a gap in the years, or a change from zero, which no ratio measures
        change = (observation.value - before.value) / before.value
        if abs(change) > limit:
            yield _finding(
                "year_on_year",
                observation,
                compared_with=before.value,
                message=_("%(indicator)s changed by %(change)s, from %(previous)s in %(previous_year)d to %(value)s.")
                % {
                    "indicator": observation.indicator.display_name,
                    "change": ("+" if change > 0 else "") + percent(round(float(change), 4)),
                    "previous": format_value(before.value),
                    "previous_year": before.year,
                    "value": format_value(observation.value),
                },
            )


register_check(
    Check(
        code="whole_counts",
        name=gettext_lazy("Counts are whole numbers"),
        explanation=gettext_lazy(
            "A count indicator (enterprises, platforms, patents, staff, standards, events) takes whole numbers only; "
            "new values are refused at entry, and this lists the fractional values recorded before."
        ),
        run=whole_counts,
        order=10,
    )
)
register_check(
    Check(
        code="member_totals",
        name=gettext_lazy("Members within the cluster's figure"),
        explanation=gettext_lazy(
            "The enterprises' revenue and employees summed over the members must not exceed %(threshold)s of the "
            "cluster's own revenue and employment of the year (the latest year unless one is chosen)."
        ),
        run=member_totals_check,
        order=20,
        setting="QUALITY_MEMBER_TOTAL_RATIO",
        threshold_text=percent,
    )
)
register_check(
    Check(
        code="year_on_year",
        name=gettext_lazy("Year-on-year jumps"),
        explanation=gettext_lazy(
            "A value that rises or falls by more than %(threshold)s of the previous year's value is worth a second "
            "look (changes from zero are not measured)."
        ),
        run=year_on_year,
        order=30,
        setting="QUALITY_YEAR_ON_YEAR_CHANGE",
        threshold_text=percent,
    )
)
