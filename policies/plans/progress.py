"""Plan versus actual: each target's progress from the cluster's observations (pure functions, no queries).

The rule, as the pages state it:

- The planned path is the straight line from (baseline year, baseline value) to (target year, target value);
  after the target year it stays at the target value.
- The actual value is the cluster's observation of the indicator in the latest year after the baseline year
  that has one. With none, the target has *no data*.
- Progress = (actual − baseline) / (expected − baseline), where expected is the planned path in that year.
  Where lower is better (e.g. energy per unit of output) both differences are negative for a target that
  improves, so the ratio reads the same way.
- On track: progress ≥ 90 % of the expected progress; at risk: ≥ 60 %; off track: below 60 %.
- A target that keeps the baseline (target value = baseline value) is on track while the actual value is no
  worse than the baseline, and off track otherwise.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

ON_TRACK = Decimal("0.9")
AT_RISK = Decimal("0.6")


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"

    ORDER = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
    LABELS = {
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
        NO_DATA: _("No data"),
    }
    BADGES = {ON_TRACK: "success", AT_RISK: "warning", OFF_TRACK: "danger", NO_DATA: "secondary"}


RULE = _(
    "Progress = (actual − baseline) ÷ (expected − baseline), where the expected value lies on the straight line "
    "from the baseline (year, value) to the target (year, value), in the latest year after the baseline year "
    "that has an observation (after the target year, the target value itself). On track: at least 90 % of the "
    "expected progress; at risk: at least 60 %; off track: below 60 %; no data: no observation after the "
    "baseline year. Where lower is better, progress is a fall of the value."
)


def expected_value(*, baseline_year: int, baseline_value, target_year: int, target_value, year: int) -> Decimal:
    """The planned value in `year` on the straight line from baseline to target (held at the target after it)."""
    baseline_value, target_value = Decimal(baseline_value), Decimal(target_value)
    if year >= target_year:
        return target_value
    if year <= baseline_year:
        return baseline_value
    return baseline_value + (target_value - baseline_value) * Decimal(year - baseline_year) / Decimal(
        target_year - baseline_year
    )


@dataclass
class TargetProgress:
    target: object
    status: str
    year: int | None = None  # the year of the actual value
    actual: Decimal | None = None
    expected: Decimal | None = None
    ratio: Decimal | None = None  # share of the expected progress achieved (1 = exactly on the path)
    observations: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def label(self):
        return Status.LABELS[self.status]

    @property
    def badge(self):
        return Status.BADGES[self.status]

    @property
    def percent(self):
        """The ratio as a whole percentage, for display."""
        return None if self.ratio is None else int((self.ratio * 100).to_integral_value())

    def chart(self) -> dict:
        """ECharts data: the planned path and the observed values on one axis of years."""
        target = self.target
        years_seen = [year for year, _value in self.observations]
        first = min([target.baseline_year, *years_seen])
        last = max([target.target_year, *years_seen])
        years = list(range(first, last + 1))
        observed = dict(self.observations)
        planned = [
            float(
                expected_value(
                    baseline_year=target.baseline_year,
                    baseline_value=target.baseline_value,
                    target_year=target.target_year,
                    target_value=target.target_value,
                    year=year,
                )
            )
            if target.baseline_year <= year <= target.target_year
            else None
            for year in years
        ]
        return {
            "years": years,
            "planned": planned,
            "observed": [float(observed[year]) if year in observed else None for year in years],
        }


def target_progress(target, observations: dict[int, Decimal], *, higher_is_better: bool = True) -> TargetProgress:
    """A target's progress from the cluster's observations of its indicator ({year: value})."""
    series = sorted((year, Decimal(value)) for year, value in observations.items())
    later = [(year, value) for year, value in series if year > target.baseline_year]
    if not later:
        return TargetProgress(target=target, status=Status.NO_DATA, observations=series)
    year, actual = later[-1]
    baseline = Decimal(target.baseline_value)
    expected = expected_value(
        baseline_year=target.baseline_year,
        baseline_value=baseline,
        target_year=target.target_year,
        target_value=target.target_value,
        year=year,
    )
    sign = 1 if higher_is_better else -1
    gain, expected_gain = (actual - baseline) * sign, (expected - baseline) * sign
    ratio = None
    if expected_gain > 0:
        ratio = gain / expected_gain
        status = Status.ON_TRACK if ratio >= ON_TRACK else Status.AT_RISK if ratio >= AT_RISK else Status.OFF_TRACK
    else:  # the target keeps the baseline: on track while no worse
        status = Status.ON_TRACK if (actual - expected) * sign >= 0 else Status.OFF_TRACK
    return TargetProgress(
        target=target, status=status, year=year, actual=actual, expected=expected, ratio=ratio, observations=series
    )


def status_counts(progresses) -> dict[str, int]:
    counts = dict.fromkeys(Status.ORDER, 0)
    for progress in progresses:
        counts[progress.status] += 1
    return counts
