"""The annual monitoring evaluation: scores, grades, early warnings and recommendations (issue 6).

How a result is made, so that the pages can say it:

* **Inputs.** A method (`MonitoringMethod.config`, versioned) names, per dimension, its weight (the five weights
  sum to 100) and its inputs, each with a weight (an input's weights sum to 100 within its dimension):
  - `indicator`: a cluster's observation of an indicator in the evaluated year (direction from the catalogue's
    "higher is better", or `direction` in the config);
  - `network`: a figure of the latest succeeded network analysis *of the evaluated year* finished before the
    evaluation was recorded (`local_supporting_rate`, `density`, `clustering`, `chain_link_coverage` = share of
    chain links with members);
  - `members`: `leading` (leading enterprises), `champions` (single champions and little giants),
    `new_members` (members that joined in the evaluated year or the year before);
  - `plan`: `on_track_share`, the share of the targets of the cluster's approved cultivation plan that are on
    track in the evaluated year (the plans' own progress rule, policies/plans_progress.py).
* **Normalisation** (`scale` of an input), each to 0–100:
  - `minmax`: (value − lowest) ÷ (highest − lowest) × 100 across the clusters evaluated, for that year (reversed
    where lower is better; when every cluster has the same value, each scores 100);
  - `range`: (value − low) ÷ (high − low) × 100 on a fixed range, clipped to 0–100 (reversed where lower is
    better);
  - `growth`: the change from the previous year in %, mapped by `range` onto low…high (a fall where lower is
    better counts as growth).
* **Verified values only.** An `indicator` input reads the cluster's *verified* observations; a value filed but
  not yet verified counts as missing, and the input says so (`unverified` in its facts, shown on the pages).
* **Missing data never helps** (issue 13). A missing `indicator` input (no verified value for the year, or for
  the year before on a growth scale) scores **0** and keeps its weight; a target of the approved plan counts as
  on track only with a verified value of the evaluated year itself, so `on_track_share` = targets on track ÷ all
  targets. Each input's score depends only on the cluster's own values, and a missing one scores the lowest
  possible, so removing an observation can never raise a cluster's score (tests/test_missing_data.py proves it
  on random data). The `members` inputs count the members' figures of the evaluated year (`MemberYear`): a member
  without figures for that year is left out of every count, and a cluster none of whose members has figures for
  the year scores 0 on each `members` input, weight kept. Inputs that are not filed data (no network analysis
  yet, no approved plan, no joining years) are not applicable: they are left out of their dimension's weighted
  mean.
* **Dimension score** = the weighted mean of its scored inputs (missing `indicator` inputs at 0; the weights of
  the inputs that are not applicable are left out); a dimension with no scored input scores 0.
  **Overall** = Σ dimension weight × score ÷ 100, rounded to 0.01. **Grade** = the first band whose minimum
  the overall reaches (A ≥ 85, B ≥ 70, C ≥ 60, D below by default). **Change** = overall − last year's overall
  of the same cluster (the latest succeeded evaluation of the previous year).
* **Recommendation**: *drop* when the grade is D this year and last year, or with at least three serious
  warnings; *warn* when the grade is D or with any serious warning; *keep* otherwise (the thresholds are the
  method's).
* **Digest**: SHA-256 of the canonical JSON of the method, the year and every input read, so the same data give
  the same digest and the same results.

`compute(data)` is a pure function over `MonitoringData`; `load(...)` reads those data in a constant number of
queries whatever the number of clusters; `evaluate(evaluation_id)` runs a recorded evaluation synchronously.
"""

import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from monitoring.evaluation.early_warnings import early_warnings
from monitoring.evaluation.inputs import ClusterData, MonitoringData, digest_of, load

# Computation (pure) ------------------------------------------------------------------------------------------------


def _round(value, places="0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _clip(value):
    return max(0.0, min(100.0, value))


def raw_value(cluster: ClusterData, item: dict, year: int, higher_is_better: dict):
    """The raw figure of an input for a cluster (None without data), and what it was made from."""
    source = item["source"]
    if source == "indicator":
        series = cluster.observations.get(item["code"], {})
        value = series.get(year)
        if item.get("scale") == "growth":
            before = series.get(year - 1)
            if value is None or not before:
                return None, {"value": value, "previous": before}
            return (value / before - 1) * 100, {"value": value, "previous": before}
        return value, {"value": value}
    if source == "network":
        network = cluster.network
        if network is None:
            return None, {"analysis": None}
        if item["figure"] == "chain_link_coverage":
            links = network.get("chain_links") or 0
            value = None if not links else (links - network.get("empty_links", 0)) / links
        else:
            value = network.get(item["figure"])
        return value, {"analysis": network.get("id"), "value": value}
    if source == "members":
        value = cluster.members.get(item["figure"]) if cluster.members else None
        if item["figure"] == "new_members" and not (cluster.members or {}).get("with_joined_year"):
            value = None
        return value, {"value": value}
    # plan
    plan = cluster.plan
    if plan is None:
        return None, {"plan": None}
    targets = plan["targets"]
    if not targets:
        return None, {"plan": plan["id"], "targets": 0, "judged": 0}
    judged = [t for t in targets if t["status"] != "no_data" and t.get("year") == year]
    on_track = sum(1 for t in judged if t["status"] == "on_track")
    # A target without a verified value of the evaluated year counts as not on track (missing data never helps).
    return on_track / len(targets), {
        "plan": plan["id"],
        "targets": len(targets),
        "judged": len(judged),
        "on_track": on_track,
    }


def _direction(item, higher_is_better):
    if "direction" in item:
        return item["direction"] == "higher"
    if item["source"] == "indicator":
        return higher_is_better.get(item["code"], True)
    return True


def normalise(item: dict, value: float, *, lowest=None, highest=None, higher=True) -> float:
    """An input's raw figure on 0–100 (see the module's docstring)."""
    scale = item.get("scale", "minmax")
    if scale == "minmax":
        if highest == lowest:
            return 100.0
        share = (value - lowest) / (highest - lowest)
        return _clip((share if higher else 1 - share) * 100)
    low, high = float(item["low"]), float(item["high"])
    if scale == "growth" and not higher:
        value = -value  # a fall of a lower-is-better figure is an improvement
        share = (value - low) / (high - low)
        return _clip(share * 100)
    share = (value - low) / (high - low)
    return _clip((share if higher else 1 - share) * 100)


def grade_for(overall: Decimal, grades: list) -> str:
    for band in grades:
        if overall >= Decimal(str(band["min"])):
            return band["grade"]
    return grades[-1]["grade"]


def compute(data: MonitoringData) -> list[dict]:
    """Each cluster's result: scores per dimension with their inputs, overall, grade, change, warnings and
    recommendation (plain values, in the clusters' order)."""
    config, year = data.config, data.year
    raw = {}  # (dimension, index) -> {cluster id: (value, facts)}
    ranges = {}
    for dimension, spec in config["dimensions"].items():
        for index, item in enumerate(spec["inputs"]):
            values = {c.id: raw_value(c, item, year, data.higher_is_better) for c in data.clusters}
            raw[dimension, index] = values
            present = [v for v, _facts in values.values() if v is not None]
            ranges[dimension, index] = (min(present), max(present)) if present else (None, None)
    results = []
    for cluster in data.clusters:
        scores, overall = {}, 0.0
        for dimension, spec in config["dimensions"].items():
            parts, weighted, weights = [], 0.0, 0.0
            for index, item in enumerate(spec["inputs"]):
                value, facts = raw[dimension, index][cluster.id]
                higher = _direction(item, data.higher_is_better)
                part = {
                    "source": item["source"],
                    "key": item.get("code") or item.get("figure"),
                    "weight": item["weight"],
                    "scale": item.get("scale", "minmax"),
                    "higher_is_better": higher,
                    "raw": None if value is None else round(value, 6),
                    "facts": facts,
                    "score": None,
                }
                if item.get("scale") in ("range", "growth"):
                    part["low"], part["high"] = item["low"], item["high"]
                if item["source"] == "indicator":
                    years = (year, year - 1) if part["scale"] == "growth" else (year,)
                    pending = set(cluster.unverified.get(item["code"], ())) & set(years)
                    if pending:
                        part["unverified"] = sorted(pending)
                filed = item["source"] == "indicator" or (item["source"] == "members" and not cluster.members)
                if value is None and filed:
                    # Missing data scores the lowest, weight kept: an indicator without a verified value, or a
                    # cluster whose members have no figures for the evaluated year.
                    part["score"], part["missing"] = 0.0, True
                    weights += item["weight"]
                elif value is not None:
                    lowest, highest = ranges[dimension, index]
                    if part["scale"] == "minmax":
                        part["lowest"], part["highest"] = lowest, highest
                    score = normalise(item, value, lowest=lowest, highest=highest, higher=higher)
                    part["score"] = round(score, 2)
                    weighted += score * item["weight"]
                    weights += item["weight"]
                parts.append(part)
            score = weighted / weights if weights else 0.0
            scores[dimension] = {"score": float(_round(score)), "weight": spec["weight"], "inputs": parts}
            overall += float(_round(score)) * spec["weight"] / 100
        overall_decimal = _round(overall)
        grade = grade_for(overall_decimal, config["grades"])
        previous = cluster.previous
        previous_overall = Decimal(str(previous["overall"])) if previous else None
        warnings = early_warnings(cluster, data)
        results.append(
            {
                "cluster": cluster.id,
                "scores": scores,
                "overall": overall_decimal,
                "grade": grade,
                "previous_overall": previous_overall,
                "change": None if previous_overall is None else overall_decimal - previous_overall,
                "warnings": warnings,
                "recommendation": recommend(grade, previous and previous["grade"], warnings, config["recommendation"]),
                "inputs": {
                    "year": year,
                    "network": cluster.network,
                    "previous_network": cluster.previous_network,
                    "members": cluster.members,
                    "largest_enterprise": cluster.largest_enterprise,
                    "plan": cluster.plan,
                    "previous": previous,
                    "rectification": cluster.rectification,
                },
            }
        )
    return results


def recommend(grade, previous_grade, warnings, rule) -> str:
    serious = sum(1 for w in warnings if w["severity"] == "serious")
    if (grade == rule["drop_grade"] and previous_grade == rule["drop_grade"]) or serious >= rule[
        "drop_serious_warnings"
    ]:
        return "drop"
    if grade in rule["warn_grades"] or serious >= rule["warn_serious_warnings"]:
        return "warn"
    return "keep"


# Running a recorded evaluation ------------------------------------------------------------------------------------


def clusters_of_year(year: int, tiers):
    """The clusters a monitoring evaluation of `year` covers: those of `tiers`, except a cluster designated after
    `year` (its `national_since`), which was not yet a national cluster that year. A cluster whose designation
    year is not recorded is covered."""
    from clusters.models import Cluster

    return Cluster.objects.filter(tier__in=tiers).exclude(national_since__gt=year)


def evaluated_clusters(evaluation):
    from clusters.models import Cluster

    return clusters_of_year(evaluation.year, evaluation.tiers or [Cluster.Tier.NATIONAL, Cluster.Tier.WORLD_CLASS])


def evaluate(evaluation_id: int):
    """Run a recorded evaluation synchronously: load, compute, then replace any partial results in one
    transaction and mark it succeeded. A finished evaluation is left alone."""
    from monitoring.models import EarlyWarning, MonitoringEvaluation, MonitoringResult

    evaluation = MonitoringEvaluation.objects.select_related("method").filter(pk=evaluation_id).first()
    if evaluation is None or evaluation.is_finished:
        return evaluation
    evaluation.start()
    timings = {}
    started = time.perf_counter()
    evaluation.set_progress(5, _("Loading the data"))
    data = load(
        year=evaluation.year,
        config=evaluation.method.config,
        clusters=evaluated_clusters(evaluation),
        as_of=evaluation.created,
        exclude_evaluation=evaluation.pk,
    )
    timings["load"] = round(time.perf_counter() - started, 3)
    evaluation.set_progress(40, _("Computing scores and warnings"))
    lap = time.perf_counter()
    digest = digest_of(data)
    results = compute(data)
    timings["compute"] = round(time.perf_counter() - lap, 3)
    evaluation.set_progress(75, _("Storing the results"))
    lap = time.perf_counter()
    with transaction.atomic():
        # A redelivered task may have run beside this one: the first to lock the row stores, the other stops.
        if MonitoringEvaluation.objects.select_for_update().get(pk=evaluation.pk).is_finished:
            return evaluation
        MonitoringResult.objects.filter(evaluation=evaluation).delete()
        rows = MonitoringResult.objects.bulk_create(
            [
                MonitoringResult(
                    evaluation=evaluation,
                    cluster_id=r["cluster"],
                    scores=r["scores"],
                    inputs=r["inputs"],
                    overall=r["overall"],
                    grade=r["grade"],
                    previous_overall=r["previous_overall"],
                    change=r["change"],
                    recommendation=r["recommendation"],
                )
                for r in results
            ]  # one INSERT each, whatever the number of clusters (psycopg binds client-side: no parameter limit)
        )
        EarlyWarning.objects.bulk_create(
            [
                EarlyWarning(result=row, rule=w["rule"], severity=w["severity"], details=w["details"])
                for row, r in zip(rows, results, strict=True)
                for w in r["warnings"]
            ]
        )
        timings["store"] = round(time.perf_counter() - lap, 3)
        evaluation.digest = digest
        evaluation.summary = summarise(results, timings)
        MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(digest=digest, summary=evaluation.summary)
        evaluation.succeed(_("%(clusters)d clusters evaluated") % {"clusters": len(results)})
    return evaluation


def summarise(results, timings) -> dict:
    grades, recommendations, rules = defaultdict(int), defaultdict(int), defaultdict(int)
    for r in results:
        grades[r["grade"]] += 1
        recommendations[r["recommendation"]] += 1
        for w in r["warnings"]:
            rules[w["rule"]] += 1
    return {
        "clusters": len(results),
        "grades": dict(sorted(grades.items())),
        "recommendations": dict(sorted(recommendations.items())),
        "warnings": sum(rules.values()),
        "warnings_by_rule": dict(sorted(rules.items())),
        "seconds": timings,
    }
