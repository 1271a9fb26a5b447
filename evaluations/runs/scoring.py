"""The scoring engine of an evaluation run: pure computation over the inputs of a round, plus `execute_run`,
the idempotent body of the Celery task.

The method (version 1; the result page shows the same text)
-----------------------------------------------------------

Inputs. The round's *eligible* entries; for each, the scores of *submitted* reviews of *assigned* (not recused)
experts on the round's *expert* criteria; the values the entry claims for the round's *indicator* criteria; the
rubric (weight, maximum score, kind, and for an indicator whether higher is better) and the advancement rule.

1. Per-expert normalisation (z-score). For each criterion *c*: `mean_all` and `sd_all` are the mean and the
   population standard deviation (divided by *n*) of every score given on *c* in the round, by every expert. For
   each expert *e* and criterion *c*: `mean_e` and `sd_e` are the mean and population standard deviation of the
   scores *e* gave on *c* to the entries *e* reviewed in the round. A raw score *x* becomes
   `z = (x − mean_e) / sd_e` and is mapped back to the criterion's scale as `normalised = mean_all + sd_all × z`,
   then clipped to [0, maximum score]. When *e* scored only one entry on *c*, or gave every entry the same score
   (`sd_e` = 0), `z` = 0: such an expert says nothing about how entries differ, and their score becomes `mean_all`.
   This removes each expert's own leniency (mean) and spread (standard deviation) while keeping the round's.
2. Trimmed mean. Per entry and criterion, the normalised scores are averaged; when there are at least 5, the single
   highest and the single lowest are dropped first (on equal values, the lowest-scoring expert with the smallest
   id and the highest-scoring expert with the largest id are the ones dropped). An entry with no score on a
   criterion gets 0 on it.
3. Indicator criteria. Within each track, the claimed values of the track's entries are min–max normalised to
   [0, maximum score]: `(value − min) / (max − min) × maximum` when higher is better, `(max − value) / (max − min) ×
   maximum` when lower is better. When every claim in the track is equal, each claimant gets the full maximum. An
   entry that claims no value gets 0 (and its absence does not move min or max).
4. Weighted total. Each criterion contributes `score / maximum score × weight` (the weights sum to 100, so the total
   lies between 0 and 100). The *expert score* is the sum of the expert criteria's contributions and the *indicator
   score* that of the indicator criteria's, each rounded to 4 decimal places; the total is their sum.
5. Rank per track, ties broken in this order: higher total, higher expert score, higher indicator score, earlier
   first submission, lower entry id. Every entry thus gets a distinct rank.
6. Advancement by the round's rule: the top N of each track, or every entry whose total reaches the threshold.

Reproducibility. The digest is the SHA-256 of a canonical serialisation of every input (see `digest`): the method
version, the rule, the rubric, the entries with their tracks and first-submission times, the claims, and every
score by expert. The computation orders every input canonically before it starts, so a re-run on unchanged inputs
gives the same digest and byte-identical results.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

METHOD_VERSION = 1
TRIM_FROM = 5  # at least this many scores: drop the single highest and the single lowest
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


@dataclass(frozen=True)
class EntrySpec:
    id: int
    track_id: int
    submitted_at: datetime | None


@dataclass
class RunInputs:
    """Every input of a run. Score arrays are parallel: entry id, expert (profile) id, criterion id, and the score
    in hundredths (scores have two decimal places, so integers hold them exactly)."""

    round_id: int
    rule: str
    top_n: int | None
    threshold: Decimal | None
    criteria: list[CriterionSpec]
    entries: list[EntrySpec]
    claims: list[tuple[int, int, Decimal]] = field(default_factory=list)
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
    decimals as normalised text; lists in id order), a newline, then one line per score
    `entry,expert,criterion,hundredths` in (entry, expert, criterion) order."""
    header = {
        "method": METHOD_VERSION,
        "round": inputs.round_id,
        "rule": inputs.rule,
        "top_n": inputs.top_n,
        "threshold": _decimal_text(inputs.threshold),
        "criteria": sorted(
            [c.id, c.kind, _decimal_text(c.weight), _decimal_text(c.max_score), bool(c.higher_is_better)]
            for c in inputs.criteria
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

    # 1. Per-expert normalisation.
    step(35, "normalise")
    n_c, mean_all, sd_all, _lo, _hi = _group_stats(c, x, n_crit)
    g = j * n_crit + c
    n_g, mean_g, sd_g, low_g, high_g = _group_stats(g, x, n_experts * n_crit)
    informative = (n_g >= 2) & (high_g > low_g)
    row_informative = informative[g]
    z = np.zeros(len(x))
    z[row_informative] = (x[row_informative] - mean_g[g][row_informative]) / sd_g[g][row_informative]
    normalised = np.clip(mean_all[c] + sd_all[c] * z, 0.0, crit_max[c])

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

    # 3. Indicator criteria, min–max within the track.
    step(65, "indicators")
    claims = {(s, cid): Decimal(v) for s, cid, v in inputs.claims}
    indicator_rows = {e.id: [] for e in entries}
    indicator_total = {e.id: 0.0 for e in entries}
    ranges = {}
    tracks = sorted({e.track_id for e in entries})
    for criterion in indicator_criteria:
        maximum = float(criterion.max_score)
        weight = float(criterion.weight)
        ranges[str(criterion.id)] = {}
        for track in tracks:
            members = [e for e in entries if e.track_id == track]
            values = [float(claims[(e.id, criterion.id)]) for e in members if (e.id, criterion.id) in claims]
            low, high = (min(values), max(values)) if values else (None, None)
            ranges[str(criterion.id)][str(track)] = {
                "min": None if low is None else _r(low),
                "max": None if high is None else _r(high),
                "claims": len(values),
            }
            for entry in members:
                claim = claims.get((entry.id, criterion.id))
                if claim is None:
                    score = 0.0
                elif high == low:
                    score = maximum
                elif criterion.higher_is_better:
                    score = (float(claim) - low) / (high - low) * maximum
                else:
                    score = (high - float(claim)) / (high - low) * maximum
                contribution = score / maximum * weight
                indicator_total[entry.id] += contribution
                indicator_rows[entry.id].append(
                    {
                        "criterion": criterion.id,
                        "kind": INDICATOR,
                        "weight": _decimal_text(criterion.weight),
                        "max_score": _decimal_text(criterion.max_score),
                        "higher_is_better": bool(criterion.higher_is_better),
                        "claim": _decimal_text(claim),
                        "min": None if low is None else _r(low),
                        "max": None if high is None else _r(high),
                        "score": _r(score),
                        "contribution": _r(contribution),
                    }
                )

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
    row_z = np.round(z, PLACES).tolist()
    row_norm = np.round(normalised, PLACES).tolist()
    row_flag = trim_flag.tolist()
    # Rows are in (entry, criterion, expert) order: one contiguous slice per entry and criterion.
    bounds = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, dtype=np.int64)
    ends = [*bounds[1:].tolist(), len(k)] if len(k) else []
    slices = {(row_entry[a], row_crit[a]): (a, b) for a, b in zip(bounds.tolist(), ends, strict=True)}
    score_matrix = np.round(criterion_score, PLACES).tolist() if n_crit else [[] for _ in entries]
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
                breakdown={"criteria": [by_id[criterion.id] for criterion in inputs.criteria]},
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
        "indicator_ranges": ranges,
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
