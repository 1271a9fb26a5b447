"""How complete the data of a monitoring evaluation are before it starts (issue 13): per cluster and per indicator
input of the method, whether the evaluated year (and the year before, for a growth scale) has a verified value,
a value filed but not verified, or none. Below `settings.MONITORING_COMPLETENESS_THRESHOLD` the ministry confirms
the start with a reason, which the evaluation keeps and its pages show. Two queries whatever the number of clusters.
"""

from dataclasses import dataclass, field

from django.conf import settings

from monitoring.evaluation.method import indicator_codes_of

VERIFIED, UNVERIFIED, MISSING = "verified", "unverified", "missing"


@dataclass
class ClusterCompleteness:
    id: int
    name: str
    cells: list  # [(code, state)] in the method's order
    verified: int = 0

    @property
    def share(self) -> float:
        return self.verified / len(self.cells) if self.cells else 1.0


@dataclass
class Completeness:
    year: int
    threshold: float
    codes: list
    clusters: list = field(default_factory=list)

    @property
    def cells(self) -> int:
        return sum(len(c.cells) for c in self.clusters)

    @property
    def verified(self) -> int:
        return sum(c.verified for c in self.clusters)

    @property
    def share(self) -> float:
        return self.verified / self.cells if self.cells else 1.0

    @property
    def below_threshold(self) -> bool:
        return self.share < self.threshold

    def summary(self) -> dict:
        """What the evaluation keeps: the figures, and the clusters below the threshold with their gaps."""
        return {
            "year": self.year,
            "threshold": self.threshold,
            "share": round(self.share, 4),
            "cells": self.cells,
            "verified": self.verified,
            "unverified": sum(1 for c in self.clusters for _code, state in c.cells if state == UNVERIFIED),
            "missing": sum(1 for c in self.clusters for _code, state in c.cells if state == MISSING),
            "clusters_below": [
                {"id": c.id, "name": c.name, "share": round(c.share, 4)}
                for c in self.clusters
                if c.share < self.threshold
            ],
        }


def _needed_years(config, year):
    """code -> the years an indicator input needs (the year, and the year before for a growth scale)."""
    needed = {}
    for dimension in config["dimensions"].values():
        for item in dimension["inputs"]:
            if item["source"] == "indicator":
                years = {year, year - 1} if item.get("scale") == "growth" else {year}
                needed[item["code"]] = needed.get(item["code"], set()) | years
    return needed


def completeness(*, year: int, config: dict, clusters) -> Completeness:
    """The completeness panel for `clusters` (a queryset) in `year` under the method's `config`."""
    from clusters.models import Observation

    codes = indicator_codes_of(config)
    needed = _needed_years(config, year)
    rows = list(clusters.order_by("name", "pk").values_list("pk", "name"))
    states = {}
    observations = Observation.objects.filter(
        cluster__in=clusters.values("pk"), indicator__code__in=codes, year__gte=year - 1, year__lte=year
    ).values_list("cluster_id", "indicator__code", "year", "status")
    for cluster_id, code, obs_year, status in observations.order_by():
        states[cluster_id, code, obs_year] = status
    result = Completeness(year=year, threshold=settings.MONITORING_COMPLETENESS_THRESHOLD, codes=codes)
    for pk, name in rows:
        cells, verified = [], 0
        for code in codes:
            found = [states.get((pk, code, y)) for y in sorted(needed[code])]
            if all(status == Observation.Status.VERIFIED for status in found):
                state = VERIFIED
                verified += 1
            elif all(status is not None for status in found):
                state = UNVERIFIED
            else:
                state = MISSING
            cells.append((code, state))
        result.clusters.append(ClusterCompleteness(id=pk, name=name, cells=cells, verified=verified))
    return result
