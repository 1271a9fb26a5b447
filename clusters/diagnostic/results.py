"""The diagnostic's plain data: its inputs (figures of a cluster) and its results (readings, components, axes)."""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

RECENT_YEARS = 5  # "joined recently", revenue growth: the last five years
KNOWLEDGE_KINDS = ("rd", "licensing", "talent")  # collaborations that carry knowledge between members


# Inputs ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkFigures:
    """The latest succeeded NetworkAnalysis of the cluster."""

    analysis_id: int | None = None
    computed: date | None = None
    nodes: int | None = None
    edges: int | None = None
    density: float | None = None
    clustering: float | None = None
    local_supporting_rate: float | None = None  # a share, 0–1 (DESIGN §3)


@dataclass(frozen=True)
class MemberCounts:
    total: int = 0
    leading: int = 0
    little_giants: int = 0
    srdi_smes: int = 0  # SRDI SMEs or little giants
    national_platforms: int = 0
    associations: int = 0
    service_institutions: int = 0  # service and financial institutions
    with_joined_year: int = 0
    joined_recently: int = 0  # joined in the RECENT_YEARS up to the reference year


@dataclass(frozen=True)
class DiagnosticInputs:
    reference_year: int
    observations: Mapping[str, Mapping[int, float]] = field(default_factory=dict)  # code -> {year: value}
    network: NetworkFigures | None = None
    members: MemberCounts = field(default_factory=MemberCounts)
    milestones: Mapping[str, int] = field(default_factory=dict)  # kind -> count
    milestone_first_years: Mapping[str, int] = field(default_factory=dict)  # kind -> earliest year
    collaborations: int = 0
    knowledge_collaborations: int = 0
    chain_links: int = 0
    chain_links_covered: int = 0  # chain links with at least one member
    indicator_names: Mapping[str, str] = field(default_factory=dict)  # code -> display name, for the labels

    @property
    def milestone_total(self):
        return sum(self.milestones.values())


# Reference ranges and results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    low: float
    high: float
    log: bool = False

    def score(self, value: float) -> float:
        if self.log:
            if value <= self.low:
                return 0.0
            position = (math.log10(value) - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))
        else:
            position = (value - self.low) / (self.high - self.low)
        return round(100 * min(1.0, max(0.0, position)), 1)

    @property
    def formula(self):
        if self.log:
            return _("100 × (log₁₀ x − log₁₀ %(low)s) / (log₁₀ %(high)s − log₁₀ %(low)s), clipped to 0–100") % {
                "low": _number(self.low),
                "high": _number(self.high),
            }
        return _("100 × (x − %(low)s) / (%(high)s − %(low)s), clipped to 0–100") % {
            "low": _number(self.low),
            "high": _number(self.high),
        }


@dataclass(frozen=True)
class Reading:
    """What a component read: the value and where it came from."""

    value: float
    source: str


@dataclass(frozen=True)
class ComponentResult:
    key: str
    label: str
    unit: str
    reference: Reference
    value: float | None
    source: str  # where the value came from, or what was missing
    score: float | None

    @property
    def has_data(self):
        return self.score is not None


@dataclass(frozen=True)
class AxisResult:
    key: str
    label: str
    mechanism: str  # the seed article's wording
    components: list[ComponentResult]
    score: float | None

    @property
    def coverage(self):
        return sum(1 for c in self.components if c.has_data), len(self.components)

    @property
    def formula(self):
        return _("mean of the scores of the components that have data")


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    unit: str
    reference: Reference
    read: Callable[[DiagnosticInputs], Reading | None]
    missing: str  # what "no data" means here


def _number(value):
    return f"{value:g}"
