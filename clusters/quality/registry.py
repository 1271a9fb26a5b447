"""The registry of consistency checks: what a check is, what it finds, and the checks every app registered."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise

from clusters.observations.selectors import format_value


@dataclass
class Finding:
    """One thing a check found: where (cluster, year, indicator or member figure), the values compared and a
    sentence saying it (the threshold is the check's)."""

    check: str
    cluster_id: int
    year: int | None
    subject: str
    value: Decimal | None
    compared_with: Decimal | None
    message: str
    indicator: str = ""
    unit: str = ""
    observation_id: int | None = None
    observation_status: str = ""
    entry_id: int | None = None
    url: str = ""  # the page to correct or verify it on
    status_label: str = ""


@dataclass(frozen=True)
class Check:
    code: str
    name: Promise
    explanation: Promise  # may hold %(threshold)s
    run: Callable[..., Iterable[Finding]]  # run(clusters=[Cluster], year=int | None)
    order: int = 100
    setting: str = ""  # the setting holding the threshold ("" for a rule without one)
    threshold_text: Callable[[float], str] = field(default=lambda value: format_value(Decimal(str(value))))

    @property
    def threshold(self) -> float | None:
        return getattr(settings, self.setting) if self.setting else None

    def describe(self) -> str:
        threshold = self.threshold
        text = self.threshold_text(threshold) if threshold is not None else ""
        return str(self.explanation) % {"threshold": text}


CHECKS: dict[str, Check] = {}


def register_check(check: Check) -> None:
    CHECKS[check.code] = check


def registered_checks() -> list[Check]:
    return sorted(CHECKS.values(), key=lambda check: (check.order, check.code))


def percent(value: float) -> str:
    return f"{format_value(Decimal(str(value)) * 100)} %"
