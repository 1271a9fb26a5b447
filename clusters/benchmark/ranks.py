"""The benchmark's arithmetic, a pure function over plain numbers (tests/test_benchmark.py checks it by hand)."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

MIN_COHORT = 5  # a smaller cohort would tell a cluster too much about the few others in it (DESIGN §2)

BANDS = {
    1: _("bottom quarter"),
    2: _("lower middle quarter"),
    3: _("upper middle quarter"),
    4: _("top quarter"),
}


@dataclass(frozen=True)
class Rank:
    """Where one value stands in its cohort: nothing here names or measures another cluster."""

    percentile: int  # 0–100: P = 100 × (worse + ½ × tied) / (N − 1), rounded half up
    cohort_size: int  # N, the own cluster included
    band: int  # 1 bottom quarter … 4 top quarter

    @property
    def others(self):
        return self.cohort_size - 1

    @property
    def quarters(self):
        """The four quarters, bottom first, with whether the own value is in each (for the band's picture)."""
        return [(band, BANDS[band], band == self.band) for band in BANDS]

    @property
    def band_label(self):
        return BANDS[self.band]


def percentile_rank(own, values, *, higher_is_better: bool = True) -> Rank | None:
    """The rank of `own` among `values` (the cohort's values, own included once), or None when the cohort holds
    fewer than MIN_COHORT values. Values compare exactly (Decimal or float, never rounded first)."""
    return rank_in(own, sorted(values), higher_is_better=higher_is_better)


def rank_in(own, ordered, *, higher_is_better: bool = True) -> Rank | None:
    """`percentile_rank` over values already sorted ascending (own among them): two bisections, so ranking every
    cluster of a large cohort stays cheap."""
    size = len(ordered)
    if size < MIN_COHORT:
        return None
    below, above = bisect_left(ordered, own), size - bisect_right(ordered, own)
    tied = size - below - above - 1  # the others with the same value
    worse = below if higher_is_better else above
    share = Fraction(2 * worse + tied, 2 * (size - 1))
    percentile = int((Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(0, ROUND_HALF_UP))
    band = 1 + min(3, percentile // 25)  # of the P shown: 0–24 → 1, 25–49 → 2, 50–74 → 3, 75–100 → 4
    return Rank(percentile=percentile, cohort_size=size, band=band)
