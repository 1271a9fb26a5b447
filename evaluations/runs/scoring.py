"""The scoring engine of an evaluation run: pure computation over the inputs of a round, plus `execute_run`,
the idempotent body of the Celery task.

The method (version 2; the result page and docs/method.md say the same in words)
-------------------------------------------------------------------------------

Inputs. The round's *eligible* entries; for each, the scores of *submitted* reviews of *assigned* (not recused)
experts on the round's *expert* criteria; the values the entry claims for the round's *indicator* criteria; the
rubric (weight, maximum score, kind; for an indicator criterion whether higher is better and its range, if set);
the round's standardisation threshold *S* (default 5) and advancement rule; for an indicator criterion without a
range, every cluster's observation of its indicator in the reference year (the competition's year − 1).

1. Per-expert standardisation, only where it means something. *n_e* is the number of entries expert *e* scored in
   the round. With fewer than *S* entries an expert's spread says little (with two entries, z can only be −1, 0
   or +1, whatever the gap between the scores), so their **raw** scores count as given. An expert with at least
   *S* entries is **standardised**: for each criterion *c*, `mean_all` and `sd_all` are the mean and population
   standard deviation (divided by *n*) of every score given on *c* in the round by every expert; `mean_e` and
   `sd_e` those of the scores *e* gave on *c*. A raw score *x* becomes `z = (x − mean_e) / sd_e`, mapped back to the
   criterion's scale as `mean_all + sd_all × z`, clipped to [0, maximum score]; when *e* scored one entry on *c*
   or gave every entry the same score (`sd_e` = 0), z = 0 and the score becomes `mean_all`. Standardisation removes
   an expert's own leniency and spread and keeps each expert's order of the entries.
2. Trimmed mean. Per entry and criterion, the counted scores (standardised or raw) are averaged; when there are at
   least 5, the single highest and the single lowest are dropped first (on equal values, the lowest-scoring expert
   with the smallest id and the highest-scoring expert with the largest id are the ones dropped). An entry with no
   score on a criterion gets 0 on it.
3. Indicator criteria, against a reference range [floor, ceiling] that does not depend on the other entries: the
   range set with the rubric; without one, the indicator's national distribution: floor and ceiling are the 10th
   and 90th percentiles (linear between the two nearest observations, position (n − 1) × p in ascending order) of
   the reference year's observations of every cluster, when there are at least 5 and they differ. A claim *v*
   scores `(v − floor) / (ceiling − floor) × maximum` when higher is better and `(ceiling − v) / (ceiling − floor) ×
   maximum` when lower is better, clipped to [0, maximum]. Without any reference (no range, too few observations)
   the criterion cannot separate entries: every claimant gets the maximum. An entry that claims no value gets 0.
4. Weighted total. Each criterion contributes `score / maximum score × weight` (the weights sum to 100, so the total
   lies between 0 and 100). The *expert score* is the sum of the expert criteria's contributions and the *indicator
   score* that of the indicator criteria's, each rounded to 4 decimal places; the total is their sum.
5. Rank per track, ties broken in this order: higher total, higher expert score, higher indicator score, earlier
   first submission, lower entry id. Every entry thus gets a distinct rank.
6. Advancement by the round's rule: the top N of each track, or every entry whose total reaches the threshold.

Reproducibility. The digest is the SHA-256 of a canonical serialisation of every input (see `digest`): the method
version, the rule, the standardisation threshold, the rubric with its ranges, the entries with their tracks and
first-submission times, the claims, the reference year and national observations, and every score by expert. The
summary stores the threshold, each expert's treatment and each indicator criterion's reference (with the national
observations it was drawn from). The computation orders every input canonically before it starts, so a re-run on
unchanged inputs gives the same digest and byte-identical results.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

METHOD_VERSION = 2
TRIM_FROM = 5  # at least this many scores: drop the single highest and the single lowest
STANDARDISE_FROM = 5  # the round setting's default: entries an expert must have scored to be standardised
STANDARDISED = "standardised"
RAW = "raw"
NATIONAL_PERCENTILES = (Decimal("0.1"), Decimal("0.9"))  # floor and ceiling drawn from the national distribution
NATIONAL_MIN_OBSERVATIONS = 5
RANGE = "range"  # where an indicator criterion's reference comes from: the rubric's range,
NATIONAL = "national"  # the national distribution of the reference year,
NO_REFERENCE = "none"  # or nothing (every claimant gets the maximum)
EXPERT = "expert"
INDICATOR = "indicator"
TOP_N = "top_n"
THRESHOLD = "threshold"
PLACES = 4


class RunDataError(Exception):
    """Inputs a run cannot evaluate (no eligible entry, a rule without its number): the run fails with this
    message, nothing is written."""


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    kind: str
    weight: Decimal
    max_score: Decimal
    higher_is_better: bool = True
    floor: Decimal | None = None
    ceiling: Decimal | None = None


@dataclass(frozen=True)
class EntrySpec:
    id: int
    track_id: int
    submitted_at: datetime | None


@dataclass
class RunInputs:
    """Every input of a run. Score arrays are parallel: entry id, expert (profile) id, criterion id, and the score
    in hundredths (scores have two decimal places, so integers hold them exactly). `national` maps an indicator
    criterion without a range to every cluster's observed value of its indicator in `reference_year`."""

    round_id: int
    rule: str
    top_n: int | None
    threshold: Decimal | None
    criteria: list[CriterionSpec]
    entries: list[EntrySpec]
    claims: list[tuple[int, int, Decimal]] = field(default_factory=list)
    standardise_from: int = STANDARDISE_FROM
    reference_year: int | None = None
    national: dict[int, list[Decimal]] = field(default_factory=dict)
    score_entry: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    score_expert: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    score_criterion: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    score_hundredths: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Submitted reviews left out because the expert was conflicted with the entry's cluster when the inputs were
    # loaded: (review id, entry id, expert id, reason codes). Their scores are not in the arrays above.
    excluded: list[tuple[int, int, int, tuple[str, ...]]] = field(default_factory=list)

    @classmethod
    def from_scores(cls, *, scores, **kwargs):
        """Build from (entry id, expert id, criterion id, score) tuples (tests, benches)."""
        rows = list(scores)
        array = np.array(
            [(e, x, c, int((Decimal(str(s)) * 100).to_integral_value())) for e, x, c, s in rows], dtype=np.int64
        ).reshape(-1, 4)
        return cls(
            score_entry=array[:, 0].copy(),
            score_expert=array[:, 1].copy(),
            score_criterion=array[:, 2].copy(),
            score_hundredths=array[:, 3].copy(),
            **kwargs,
        )


@dataclass
class EntryResult:
    entry_id: int
    track_id: int
    expert_score: Decimal
    indicator_score: Decimal
    total: Decimal
    rank: int
    advanced: bool
    breakdown: dict


@dataclass
class Outcome:
    digest: str
    results: list[EntryResult]
    summary: dict


# Digest ----------------------------------------------------------------------------------------------------------


def _decimal_text(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def digest(inputs: RunInputs) -> str:
    """SHA-256 (hex) of the canonical serialisation of the inputs: a JSON header (sorted keys, no spaces, ASCII;
    decimals as normalised text; lists in id order, national observations ascending), a newline, then one line per
    score `entry,expert,criterion,hundredths` in (entry, expert, criterion) order."""
    header = {
        "method": METHOD_VERSION,
        "round": inputs.round_id,
        "rule": inputs.rule,
        "top_n": inputs.top_n,
        "threshold": _decimal_text(inputs.threshold),
        "standardise_from": int(inputs.standardise_from),
        "criteria": sorted(
            [
                c.id,
                c.kind,
                _decimal_text(c.weight),
                _decimal_text(c.max_score),
                bool(c.higher_is_better),
                _decimal_text(c.floor),
                _decimal_text(c.ceiling),
            ]
            for c in inputs.criteria
        ),
        "reference_year": inputs.reference_year,
        "national": sorted(
            [criterion, [_decimal_text(v) for v in sorted(Decimal(v) for v in values)]]
            for criterion, values in inputs.national.items()
        ),
        "entries": sorted(
            [e.id, e.track_id, e.submitted_at.isoformat() if e.submitted_at else None] for e in inputs.entries
        ),
        "claims": sorted([s, c, _decimal_text(v)] for s, c, v in inputs.claims),
    }
    if inputs.excluded:  # the reviews left out for a conflict; a run without any hashes as before they existed
        header["excluded"] = sorted([e, x, sorted(reasons)] for _review, e, x, reasons in inputs.excluded)
    hasher = hashlib.sha256()
    hasher.update(json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode())
    hasher.update(b"\n")
    order = np.lexsort((inputs.score_criterion, inputs.score_expert, inputs.score_entry))
    rows = np.column_stack(
        (
            inputs.score_entry[order],
            inputs.score_expert[order],
            inputs.score_criterion[order],
            inputs.score_hundredths[order],
        )
    )
    hasher.update("".join(f"{a},{b},{c},{d}\n" for a, b, c, d in rows.tolist()).encode())
    return hasher.hexdigest()


# Computation -----------------------------------------------------------------------------------------------------


def _r(value: float) -> float:
    """A float rounded for the breakdown (the stored, explained numbers)."""
    return round(float(value), PLACES)


def _d(value: float) -> Decimal:
    return Decimal(format(float(value), f".{PLACES}f"))


def _group_stats(keys, values, size):
    """Count, mean, population standard deviation, min and max of `values` grouped by integer `keys`."""
    count = np.bincount(keys, minlength=size)
    total = np.bincount(keys, weights=values, minlength=size).astype(float)
    mean = np.divide(total, count, out=np.zeros(size), where=count > 0)
    squares = np.bincount(keys, weights=(values - mean[keys]) ** 2, minlength=size).astype(float)
    sd = np.sqrt(np.divide(squares, count, out=np.zeros(size), where=count > 0))
    low = np.full(size, np.inf)
    high = np.full(size, -np.inf)
    np.minimum.at(low, keys, values)
    np.maximum.at(high, keys, values)
    return count, mean, sd, low, high


def percentile(values: list[Decimal], share: Decimal) -> Decimal:
    """The `share` percentile of ascending `values`: linear between the two observations around position
    (n − 1) × share (exact in decimals)."""
    position = (len(values) - 1) * share
    below = int(position)
    if below + 1 >= len(values):
        return values[below]
    return values[below] + (position - below) * (values[below + 1] - values[below])


def indicator_reference(criterion: CriterionSpec, national) -> dict:
    """The range an indicator criterion's claims are scaled against: the rubric's, else the national
    distribution's 10th to 90th percentile (at least NATIONAL_MIN_OBSERVATIONS observations that differ), else
    none. `values` are the national observations it was drawn from, ascending."""
    if criterion.floor is not None and criterion.ceiling is not None:
        return {
            "source": RANGE,
            "floor": Decimal(criterion.floor),
            "ceiling": Decimal(criterion.ceiling),
            "observations": None,
            "values": [],
        }
    values = sorted(Decimal(v) for v in national)
    if len(values) >= NATIONAL_MIN_OBSERVATIONS:
        low, high = (percentile(values, share) for share in NATIONAL_PERCENTILES)
        if high > low:
            return {"source": NATIONAL, "floor": low, "ceiling": high, "observations": len(values), "values": values}
    return {"source": NO_REFERENCE, "floor": None, "ceiling": None, "observations": len(values), "values": values}


def scale_claim(claim: Decimal | None, criterion: CriterionSpec, floor, ceiling) -> float:
    """A claimed value on the criterion's scale: its place in [floor, ceiling] (reversed when lower is better),
    clipped to [0, 1], times the maximum score; 0 without a claim, the maximum without a range."""
    maximum = float(criterion.max_score)
    if claim is None:
        return 0.0
    if floor is None or ceiling is None:
        return maximum
    share = (Decimal(claim) - floor) / (ceiling - floor)
    if not criterion.higher_is_better:
        share = 1 - share
    return float(min(max(share, Decimal(0)), Decimal(1))) * maximum


def compute(inputs: RunInputs, progress: Callable[[int, str], None] | None = None) -> Outcome:
    """Evaluate a round's inputs by the method of the module docstring. `progress(percent, stage)` is called
    between stages (stages: normalise, trim, indicators, rank, explain)."""

    def step(percent, stage):
        if progress is not None:
            progress(percent, stage)

    if not inputs.entries:
        raise RunDataError(_("the round has no eligible entry"))
    if inputs.rule == TOP_N and not inputs.top_n:
        raise RunDataError(_("the top-N rule does not say how many entries advance"))
    if inputs.rule == THRESHOLD and inputs.threshold is None:
        raise RunDataError(_("the threshold rule has no threshold"))

    entries = sorted(inputs.entries, key=lambda e: e.id)
    entry_ids = np.array([e.id for e in entries], dtype=np.int64)
    n_entries = len(entries)
    expert_criteria = [c for c in inputs.criteria if c.kind == EXPERT]
    indicator_criteria = [c for c in inputs.criteria if c.kind == INDICATOR]
    n_crit = len(expert_criteria)
    crit_ids = np.array([c.id for c in expert_criteria], dtype=np.int64)
    crit_max = np.array([float(c.max_score) for c in expert_criteria], dtype=float)
    crit_weight = np.array([float(c.weight) for c in expert_criteria], dtype=float)

    # Canonical order of the score rows, and only rows of eligible entries and expert criteria.
    order = np.lexsort((inputs.score_expert, inputs.score_criterion, inputs.score_entry))
    s_entry = inputs.score_entry[order]
    s_expert = inputs.score_expert[order]
    s_crit = inputs.score_criterion[order]
    s_hund = inputs.score_hundredths[order]
    crit_sorter = np.argsort(crit_ids)
    entry_pos = np.searchsorted(entry_ids, s_entry)
    entry_pos_ok = entry_pos < n_entries
    keep = entry_pos_ok.copy()
    keep[entry_pos_ok] = entry_ids[entry_pos[entry_pos_ok]] == s_entry[entry_pos_ok]
    if n_crit:
        crit_pos = np.searchsorted(crit_ids[crit_sorter], s_crit)
        crit_pos_ok = crit_pos < n_crit
        found = np.zeros(len(s_crit), dtype=bool)
        found[crit_pos_ok] = crit_ids[crit_sorter][crit_pos[crit_pos_ok]] == s_crit[crit_pos_ok]
        keep &= found
        crit_index_all = np.where(found, crit_sorter[np.minimum(crit_pos, n_crit - 1)], 0)
    else:
        keep &= False
        crit_index_all = np.zeros(len(s_crit), dtype=np.int64)
    i = entry_pos[keep].astype(np.int64)
    c = crit_index_all[keep].astype(np.int64)
    expert_id = s_expert[keep]
    x = s_hund[keep].astype(float) / 100.0
    experts, j = np.unique(expert_id, return_inverse=True)
    j = j.astype(np.int64)
    n_experts = len(experts)

    # 1. Per-expert standardisation, for the experts who scored enough entries; raw scores for the others.
    step(35, "normalise")
    n_c, mean_all, sd_all, _lo, _hi = _group_stats(c, x, n_crit)
    g = j * n_crit + c
    n_g, mean_g, sd_g, low_g, high_g = _group_stats(g, x, n_experts * n_crit)
    pairs = np.unique(j * n_entries + i)  # (expert, entry) pairs with at least one score
    expert_entries = np.bincount(pairs // n_entries, minlength=n_experts)
    standardised = expert_entries >= int(inputs.standardise_from)
    row_standardised = standardised[j]
    informative = (n_g >= 2) & (high_g > low_g)
    row_informative = informative[g] & row_standardised
    z = np.zeros(len(x))
    z[row_informative] = (x[row_informative] - mean_g[g][row_informative]) / sd_g[g][row_informative]
    normalised = np.where(row_standardised, np.clip(mean_all[c] + sd_all[c] * z, 0.0, crit_max[c]), x)

    # 2. Trimmed mean per entry and criterion.
    step(50, "trim")
    k = i * n_crit + c
    size = n_entries * n_crit
    n_k = np.bincount(k, minlength=size)
    sum_k = np.bincount(k, weights=normalised, minlength=size).astype(float)
    by_value = np.lexsort((expert_id, normalised, k))
    sorted_k = k[by_value]
    starts = np.flatnonzero(np.r_[True, sorted_k[1:] != sorted_k[:-1]]) if len(k) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(k)] if len(k) else np.zeros(0, dtype=np.int64)
    group_keys = sorted_k[starts] if len(k) else np.zeros(0, dtype=np.int64)
    trimmed_groups = n_k[group_keys] >= TRIM_FROM
    low_rows = by_value[starts[trimmed_groups]]
    high_rows = by_value[ends[trimmed_groups] - 1]
    trim_flag = np.zeros(len(x), dtype=np.int8)
    trim_flag[low_rows] = -1
    trim_flag[high_rows] = 1
    trimmed_sum = sum_k.copy()
    trimmed_n = n_k.astype(float)
    trimmed_keys = group_keys[trimmed_groups]
    trimmed_sum[trimmed_keys] -= normalised[low_rows] + normalised[high_rows]
    trimmed_n[trimmed_keys] -= 2
    criterion_score = np.divide(trimmed_sum, trimmed_n, out=np.zeros(size), where=trimmed_n > 0)
    criterion_score = criterion_score.reshape(n_entries, n_crit)
    expert_contribution = criterion_score / crit_max * crit_weight
    expert_total = expert_contribution.sum(axis=1)

    # 3. Indicator criteria, against a reference range that does not depend on the other entries.
    step(65, "indicators")
    claims = {(s, cid): Decimal(v) for s, cid, v in inputs.claims}
    indicator_rows = {e.id: [] for e in entries}
    indicator_total = {e.id: 0.0 for e in entries}
    references = {}
    for criterion in indicator_criteria:
        reference = indicator_reference(criterion, inputs.national.get(criterion.id, ()))
        floor, ceiling = reference["floor"], reference["ceiling"]
        year = inputs.reference_year if reference["source"] == NATIONAL else None
        references[str(criterion.id)] = {
            "source": reference["source"],
            "floor": _decimal_text(floor),
            "ceiling": _decimal_text(ceiling),
            "year": None if reference["source"] == RANGE else inputs.reference_year,
            "observations": reference["observations"],
            "values": [_decimal_text(v) for v in reference["values"]],
            "claims": sum(1 for e in entries if (e.id, criterion.id) in claims),
        }
        for entry in entries:
            claim = claims.get((entry.id, criterion.id))
            score = scale_claim(claim, criterion, floor, ceiling)
            contribution = score / float(criterion.max_score) * float(criterion.weight)
            indicator_total[entry.id] += contribution
            indicator_rows[entry.id].append(
                {
                    "criterion": criterion.id,
                    "kind": INDICATOR,
                    "weight": _decimal_text(criterion.weight),
                    "max_score": _decimal_text(criterion.max_score),
                    "higher_is_better": bool(criterion.higher_is_better),
                    "claim": _decimal_text(claim),
                    "source": reference["source"],
                    "floor": _decimal_text(floor),
                    "ceiling": _decimal_text(ceiling),
                    "reference_year": year,
                    "score": _r(score),
                    "contribution": _r(contribution),
                }
            )
    tracks = sorted({e.track_id for e in entries})

    # 4–6. Totals, rank per track, advancement.
    step(75, "rank")
    scored = []
    for index, entry in enumerate(entries):
        expert_score = _d(expert_total[index])
        indicator_score = _d(indicator_total[entry.id])
        scored.append((entry, expert_score, indicator_score, expert_score + indicator_score))

    def tie_key(row):
        entry, expert_score, indicator_score, total = row
        submitted = entry.submitted_at.timestamp() if entry.submitted_at else float("inf")
        return (-total, -expert_score, -indicator_score, submitted, entry.id)

    ranks = {}
    for track in tracks:
        rows = sorted((row for row in scored if row[0].track_id == track), key=tie_key)
        for rank, row in enumerate(rows, start=1):
            ranks[row[0].id] = rank

    def advances(rank, total):
        if inputs.rule == TOP_N:
            return rank <= int(inputs.top_n)
        return total >= Decimal(inputs.threshold)

    # The explanation of every number, per entry.
    step(85, "explain")
    row_entry = i.tolist()
    row_crit = c.tolist()
    row_expert = expert_id.tolist()
    row_raw = (s_hund[keep] / 100.0).tolist()
    row_standardised = row_standardised.tolist()
    row_z = [
        value if kept else None for value, kept in zip(np.round(z, PLACES).tolist(), row_standardised, strict=True)
    ]
    row_norm = np.round(normalised, PLACES).tolist()
    row_flag = trim_flag.tolist()
    # Rows are in (entry, criterion, expert) order: one contiguous slice per entry and criterion.
    bounds = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, dtype=np.int64)
    ends = [*bounds[1:].tolist(), len(k)] if len(k) else []
    slices = {(row_entry[a], row_crit[a]): (a, b) for a, b in zip(bounds.tolist(), ends, strict=True)}
    score_matrix = np.round(criterion_score, PLACES).tolist() if n_crit else [[] for _ in entries]
    expert_list = experts.tolist()
    entries_of_expert = expert_entries.tolist()
    standardised_list = standardised.tolist()
    experts_of_entry = {index: [] for index in range(n_entries)}
    for pair in pairs.tolist():  # ascending: expert by expert
        experts_of_entry[pair % n_entries].append(pair // n_entries)

    def treatment(position):
        return {
            "expert": expert_list[position],
            "entries": entries_of_expert[position],
            "standardise_from": int(inputs.standardise_from),
            "treatment": STANDARDISED if standardised_list[position] else RAW,
        }

    contribution_matrix = np.round(expert_contribution, PLACES).tolist() if n_crit else [[] for _ in entries]
    results = []
    for index, (entry, expert_score, indicator_score, total) in enumerate(scored):
        criteria_rows = []
        for ci, criterion in enumerate(expert_criteria):
            a, b = slices.get((index, ci), (0, 0))
            flags = row_flag[a:b]
            experts_here = row_expert[a:b]
            criteria_rows.append(
                {
                    "criterion": criterion.id,
                    "kind": EXPERT,
                    "weight": _decimal_text(criterion.weight),
                    "max_score": _decimal_text(criterion.max_score),
                    "experts": experts_here,
                    "raw": row_raw[a:b],
                    "z": row_z[a:b],
                    "normalised": row_norm[a:b],
                    "trimmed_low": experts_here[flags.index(-1)] if -1 in flags else None,
                    "trimmed_high": experts_here[flags.index(1)] if 1 in flags else None,
                    "trimmed_mean": score_matrix[index][ci],
                    "score": score_matrix[index][ci],
                    "contribution": contribution_matrix[index][ci],
                }
            )
        by_id = {row["criterion"]: row for row in criteria_rows + indicator_rows[entry.id]}
        rank = ranks[entry.id]
        results.append(
            EntryResult(
                entry_id=entry.id,
                track_id=entry.track_id,
                expert_score=expert_score,
                indicator_score=indicator_score,
                total=total,
                rank=rank,
                advanced=advances(rank, total),
                breakdown={
                    "criteria": [by_id[criterion.id] for criterion in inputs.criteria],
                    "experts": [treatment(position) for position in experts_of_entry[index]],
                },
            )
        )
    results.sort(key=lambda r: (r.track_id, r.rank))

    expert_stats = {}
    for gj, expert in enumerate(experts.tolist()):
        expert_stats[str(expert)] = {
            str(crit.id): [int(n_g[gj * n_crit + ci]), _r(mean_g[gj * n_crit + ci]), _r(sd_g[gj * n_crit + ci])]
            for ci, crit in enumerate(expert_criteria)
            if n_g[gj * n_crit + ci]
        }
    summary = {
        "method": METHOD_VERSION,
        "entries": n_entries,
        "experts": n_experts,
        "scores": int(len(x)),
        "criteria": {
            str(crit.id): {"scores": int(n_c[ci]), "mean": _r(mean_all[ci]), "sd": _r(sd_all[ci])}
            for ci, crit in enumerate(expert_criteria)
        },
        "expert_stats": expert_stats,
        "standardise_from": int(inputs.standardise_from),
        "expert_treatment": {
            str(expert): {"entries": entries_of_expert[position], "treatment": treatment(position)["treatment"]}
            for position, expert in enumerate(expert_list)
        },
        "reference_year": inputs.reference_year,
        "indicator_references": references,
        "tracks": {
            str(track): {
                "entries": sum(1 for r in results if r.track_id == track),
                "advanced": sum(1 for r in results if r.track_id == track and r.advanced),
            }
            for track in tracks
        },
        "advanced": sum(1 for r in results if r.advanced),
    }
    return Outcome(digest=digest(inputs), results=results, summary=summary)
