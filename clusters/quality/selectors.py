"""Reads of the consistency checks: the members' totals, and the findings of every check for some clusters."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusters.models import Member, MemberYear
from clusters.quality.registry import registered_checks


@dataclass(frozen=True)
class MemberFigure:
    """A member figure summed over the enterprises and compared with the cluster's own indicator: `divisor` turns
    the member field's unit into the indicator's."""

    indicator: str
    field: str
    divisor: Decimal
    label: Promise


MEMBER_FIGURES = (
    MemberFigure("revenue", "revenue", Decimal(10000), _("revenue")),  # 万元 → 亿元
    MemberFigure("employment", "employees", Decimal(10000), _("employees")),  # people → 万人
)


def member_totals(*, clusters, year) -> dict[int, dict]:
    """{cluster id: {member field: the enterprises' sum}} for `year`, in the members' units (one query): the
    members' figures of that year (`MemberYear`), so an observation of 2023 is compared with 2023's members."""
    rows = (
        MemberYear.objects.filter(cluster__in=[c.pk for c in clusters], year=year, member__kind=Member.Kind.ENTERPRISE)
        .order_by()
        .values("cluster_id")
        .annotate(**{figure.field: Sum(figure.field) for figure in MEMBER_FIGURES})
    )
    return {row.pop("cluster_id"): row for row in rows}


def quality_findings(*, clusters, year=None, checks=None) -> list:
    """Every registered check's findings for `clusters` (read through the viewer's scope), check by check."""
    clusters = list(clusters)
    if not clusters:
        return []
    findings = []
    for check in checks or registered_checks():
        findings.extend(check.run(clusters=clusters, year=year))
    return findings


@dataclass
class QualityReport:
    cluster: object
    year: int | None
    checks: list  # [(check, [findings])]

    @property
    def count(self):
        return sum(len(found) for _check, found in self.checks)


def quality_report(*, cluster, year=None) -> QualityReport:
    checks = registered_checks()
    findings = quality_findings(clusters=[cluster], year=year, checks=checks)
    return QualityReport(
        cluster=cluster,
        year=year,
        checks=[(check, [f for f in findings if f.check == check.code]) for check in checks],
    )
