"""The annual monitoring evaluation: scores, grades, early warnings and recommendations (issue 6).

How a result is made, so that the pages can say it:

* **Inputs.** A method (`MonitoringMethod.config`, versioned) names, per dimension, its weight (the five weights
  sum to 100) and its inputs, each with a weight (an input's weights sum to 100 within its dimension):
  - `indicator`: a cluster's observation of an indicator in the evaluated year (direction from the catalogue's
    "higher is better", or `direction` in the config);
  - `network`: a figure of the latest succeeded network analysis finished before the evaluation was recorded
    (`local_supporting_rate`, `density`, `clustering`, `chain_link_coverage` = share of chain links with members);
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
* **Dimension score** = the weighted mean of its inputs that have data (weights of the inputs without data are
  left out); a dimension with no input with data scores 0. **Overall** = Σ dimension weight × score ÷ 100,
  rounded to 0.01. **Grade** = the first band whose minimum the overall reaches (A ≥ 85, B ≥ 70, C ≥ 60, D below
  by default). **Change** = overall − last year's overall of the same cluster (the latest succeeded evaluation
  of the previous year).
* **Recommendation**: *drop* when the grade is D this year and last year, or with at least three serious
  warnings; *warn* when the grade is D or with any serious warning; *keep* otherwise (the thresholds are the
  method's).
* **Digest**: SHA-256 of the canonical JSON of the method, the year and every input read, so the same data give
  the same digest and the same results.

`compute(data)` is a pure function over `MonitoringData`; `load(...)` reads those data in a constant number of
queries whatever the number of clusters; `evaluate(evaluation_id)` runs a recorded evaluation synchronously.
"""

import datetime
import hashlib
import json
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DIMENSIONS = (
    "innovation",
    "advanced_manufacturing",
    "leading_enterprises",
    "ecosystem",
    "governance",
)
SCALES = ("minmax", "range", "growth")
SOURCES = {
    "indicator": None,  # any catalogue code
    "network": ("local_supporting_rate", "density", "clustering", "chain_link_coverage"),
    "members": ("leading", "champions", "new_members"),
    "plan": ("on_track_share",),
}
SEVERITIES = ("notice", "warning", "serious")
SEVERITY_LABELS = {"notice": _("Notice"), "warning": _("Warning"), "serious": _("Serious")}


# The rule catalogue ------------------------------------------------------------------------------------------------

RULES = {
    "indicator_falling": {
        "name": _("Indicator falling"),
        "explanation": _(
            "An indicator of the method worsened (fell, or rose where lower is better) in each of the last {years} "
            "years up to the evaluated year. Serious when it worsened for {serious_years} years or more."
        ),
    },
    "concentration": {
        "name": _("Concentration on one enterprise"),
        "explanation": _(
            "The largest enterprise holds more than {largest_share:.0%} of the revenue of the cluster's enterprises, "
            "or the revenue Herfindahl–Hirschman index (the sum of the squared shares) is above {hhi}: the cluster "
            "depends on too few firms."
        ),
    },
    "local_supporting_falling": {
        "name": _("Local supporting rate falling"),
        "explanation": _(
            "The local supporting rate (the share of supply into leading enterprises that comes from local members) "
            "fell by more than {drop_points} percentage points from the previous network analysis (without two "
            "analyses: the indicator of the same name from the previous year)."
        ),
    },
    "single_points_rising": {
        "name": _("More single points of failure"),
        "explanation": _(
            "The latest network analysis finds more articulation points (members whose loss splits the "
            "collaboration network) than the previous one, by at least {increase}."
        ),
    },
    "empty_chain_links": {
        "name": _("Empty chain links"),
        "explanation": _(
            "At least {links} link(s) of the cluster's industrial chain have no member in the latest network "
            "analysis: a gap in the chain."
        ),
    },
    "stagnation": {
        "name": _("Stagnation"),
        "explanation": _(
            "No new member joined the cluster in the evaluated year or the {years} year(s) before it: "
            "self-renewal is failing. Clusters without any joining year are not judged."
        ),
    },
    "plan_off_track": {
        "name": _("Plan targets off track"),
        "explanation": _(
            "At least {targets} target(s) of the cluster's approved cultivation plan are off track in the evaluated "
            "year (less than 60 percent of the expected progress). Serious when half the targets or more are off track."
        ),
    },
    "data_late": {
        "name": _("Data not filed on time"),
        "explanation": _(
            "The evaluation ran after the filing deadline ({deadline} of the following year) and the cluster has no "
            "observation for the evaluated year of at least {missing} indicator(s) of the method that it filed in "
            "earlier years (of every indicator, for a cluster that never filed). Serious when half of the method's "
            "indicators or more are missing."
        ),
    },
}

DEFAULT_CONFIG = {
    "dimensions": {
        "innovation": {
            "weight": 25,
            "inputs": [
                {"source": "indicator", "code": "rd_intensity", "weight": 40, "scale": "range", "low": 0, "high": 8},
                {
                    "source": "indicator",
                    "code": "invention_patents",
                    "weight": 30,
                    "scale": "growth",
                    "low": -10,
                    "high": 15,
                },
                {"source": "indicator", "code": "national_innovation_platforms", "weight": 30, "scale": "minmax"},
            ],
        },
        "advanced_manufacturing": {
            "weight": 20,
            "inputs": [
                {
                    "source": "indicator",
                    "code": "digital_design_tools",
                    "weight": 35,
                    "scale": "range",
                    "low": 40,
                    "high": 100,
                },
                {
                    "source": "indicator",
                    "code": "nc_key_processes",
                    "weight": 35,
                    "scale": "range",
                    "low": 30,
                    "high": 90,
                },
                {
                    "source": "indicator",
                    "code": "energy_per_output",
                    "weight": 30,
                    "scale": "growth",
                    "low": -2,
                    "high": 8,
                },
            ],
        },
        "leading_enterprises": {
            "weight": 20,
            "inputs": [
                {"source": "indicator", "code": "revenue", "weight": 50, "scale": "growth", "low": -5, "high": 12},
                {
                    "source": "indicator",
                    "code": "above_scale_enterprises",
                    "weight": 20,
                    "scale": "growth",
                    "low": -5,
                    "high": 8,
                },
                {"source": "members", "figure": "leading", "weight": 15, "scale": "range", "low": 0, "high": 10},
                {"source": "members", "figure": "champions", "weight": 15, "scale": "range", "low": 0, "high": 30},
            ],
        },
        "ecosystem": {
            "weight": 20,
            "inputs": [
                {
                    "source": "network",
                    "figure": "local_supporting_rate",
                    "weight": 30,
                    "scale": "range",
                    "low": 0,
                    "high": 1,
                },
                {
                    "source": "network",
                    "figure": "chain_link_coverage",
                    "weight": 20,
                    "scale": "range",
                    "low": 0,
                    "high": 1,
                },
                {"source": "members", "figure": "new_members", "weight": 20, "scale": "range", "low": 0, "high": 40},
                {"source": "indicator", "code": "export_share", "weight": 30, "scale": "range", "low": 0, "high": 40},
            ],
        },
        "governance": {
            "weight": 15,
            "inputs": [
                {"source": "plan", "figure": "on_track_share", "weight": 40, "scale": "range", "low": 0, "high": 1},
                {
                    "source": "indicator",
                    "code": "promotion_staff",
                    "weight": 20,
                    "scale": "range",
                    "low": 0,
                    "high": 15,
                },
                {"source": "indicator", "code": "standards_set", "weight": 20, "scale": "range", "low": 0, "high": 30},
                {
                    "source": "indicator",
                    "code": "collaboration_events",
                    "weight": 20,
                    "scale": "range",
                    "low": 0,
                    "high": 40,
                },
            ],
        },
    },
    "grades": [
        {"grade": "A", "min": 85},
        {"grade": "B", "min": 70},
        {"grade": "C", "min": 60},
        {"grade": "D", "min": 0},
    ],
    "rules": {
        "indicator_falling": {"years": 2, "serious_years": 3, "severity": "warning"},
        "concentration": {"largest_share": 0.7, "hhi": 0.5, "severity": "serious"},
        "local_supporting_falling": {"drop_points": 5, "severity": "warning"},
        "single_points_rising": {"increase": 1, "severity": "warning"},
        "empty_chain_links": {"links": 1, "severity": "warning"},
        "stagnation": {"years": 1, "severity": "warning"},
        "plan_off_track": {"targets": 1, "severity": "warning"},
        "data_late": {"deadline": "02-28", "missing": 1, "severity": "warning"},  # before the 1 March run
    },
    "recommendation": {"drop_grade": "D", "drop_serious_warnings": 3, "warn_grades": ["D"], "warn_serious_warnings": 1},
}


def rule_catalogue(config=None) -> list[dict]:
    """Every early-warning rule: code, name, threshold (the method's parameters) and explanation text."""
    rules_config = (config or DEFAULT_CONFIG)["rules"]
    catalogue = []
    for code, rule in RULES.items():
        parameters = rules_config.get(code, DEFAULT_CONFIG["rules"][code])
        catalogue.append(
            {
                "code": code,
                "name": rule["name"],
                "severity": parameters.get("severity", "warning"),
                "severity_label": SEVERITY_LABELS.get(parameters.get("severity", "warning"), ""),
                "threshold": {key: value for key, value in parameters.items() if key != "severity"},
                "explanation": str(rule["explanation"]).format(**parameters),
            }
        )
    return catalogue


# Validation of a method's configuration ----------------------------------------------------------------------------


def validate_config(config, *, indicator_codes) -> list[str]:
    """The problems of a configuration, each a sentence (empty when it is valid)."""
    errors = []
    if not isinstance(config, dict):
        return [str(_("The configuration must be a JSON object."))]
    dimensions = config.get("dimensions")
    if not isinstance(dimensions, dict) or set(dimensions) != set(DIMENSIONS):
        errors.append(str(_("“dimensions” must name exactly the five dimensions: %s.")) % ", ".join(DIMENSIONS))
        dimensions = dimensions if isinstance(dimensions, dict) else {}
    total = 0
    for name, dimension in dimensions.items():
        if not isinstance(dimension, dict):
            errors.append(str(_("Dimension %s must be an object.")) % name)
            continue
        weight = dimension.get("weight")
        if not _number(weight) or weight < 0:
            errors.append(str(_("Dimension %s needs a weight of 0 or more.")) % name)
        else:
            total += weight
        inputs = dimension.get("inputs")
        if not isinstance(inputs, list) or not inputs:
            errors.append(str(_("Dimension %s needs at least one input.")) % name)
            continue
        input_total = 0
        for position, item in enumerate(inputs, start=1):
            where = f"{name}[{position}]"
            if not isinstance(item, dict):
                errors.append(str(_("Input %s must be an object.")) % where)
                continue
            source = item.get("source")
            if source not in SOURCES:
                errors.append(
                    str(_("Input %(where)s: unknown source “%(source)s”.")) % {"where": where, "source": source}
                )
                continue
            if source == "indicator":
                if item.get("code") not in indicator_codes:
                    errors.append(
                        str(_("Input %(where)s: unknown indicator code “%(code)s”."))
                        % {"where": where, "code": item.get("code")}
                    )
                if item.get("direction", "higher") not in ("higher", "lower"):
                    errors.append(str(_("Input %s: direction must be “higher” or “lower”.")) % where)
            elif item.get("figure") not in SOURCES[source]:
                errors.append(
                    str(_("Input %(where)s: figure must be one of %(figures)s."))
                    % {"where": where, "figures": ", ".join(SOURCES[source])}
                )
            weight = item.get("weight")
            if not _number(weight) or weight <= 0:
                errors.append(str(_("Input %s needs a weight above 0.")) % where)
            else:
                input_total += weight
            scale = item.get("scale", "minmax")
            if scale not in SCALES:
                errors.append(
                    str(_("Input %(where)s: scale must be one of %(scales)s."))
                    % {"where": where, "scales": ", ".join(SCALES)}
                )
            elif scale in ("range", "growth") and not (
                _number(item.get("low")) and _number(item.get("high")) and item["low"] < item["high"]
            ):
                errors.append(str(_("Input %s: a range or growth scale needs numbers low < high.")) % where)
        if input_total and not math.isclose(input_total, 100):
            errors.append(
                str(_("The input weights of dimension %(name)s sum to %(total)s, not 100."))
                % {"name": name, "total": _plain(input_total)}
            )
    if dimensions and not math.isclose(total, 100):
        errors.append(str(_("The dimension weights sum to %s, not 100.")) % _plain(total))
    grades = config.get("grades")
    if (
        not isinstance(grades, list)
        or not grades
        or not all(isinstance(g, dict) and isinstance(g.get("grade"), str) and _number(g.get("min")) for g in grades)
    ):
        errors.append(str(_("“grades” must be a list of bands, each with a grade and a minimum.")))
    else:
        minimums = [g["min"] for g in grades]
        if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums) or minimums[-1] != 0:
            errors.append(str(_("Grade minimums must fall from the best band to the last, which starts at 0.")))
    rules_config = config.get("rules")
    if not isinstance(rules_config, dict):
        errors.append(str(_("“rules” must be an object with each rule's thresholds.")))
    else:
        for code, parameters in rules_config.items():
            if code not in RULES:
                errors.append(str(_("Unknown rule “%s”.")) % code)
                continue
            defaults = DEFAULT_CONFIG["rules"][code]
            if not isinstance(parameters, dict) or set(parameters) != set(defaults):
                errors.append(
                    str(_("Rule %(code)s needs exactly the parameters %(names)s."))
                    % {"code": code, "names": ", ".join(sorted(defaults))}
                )
                continue
            if parameters["severity"] not in SEVERITIES:
                errors.append(str(_("Rule %s: severity must be notice, warning or serious.")) % code)
            for key, value in parameters.items():
                if key in ("severity", "deadline"):
                    continue
                if not _number(value) or value < 0:
                    errors.append(
                        str(_("Rule %(code)s: %(key)s must be a number of 0 or more.")) % {"code": code, "key": key}
                    )
            if code == "data_late" and not _deadline_valid(parameters["deadline"]):
                errors.append(str(_("Rule data_late: the deadline must be a date “MM-DD”.")))
        missing = set(RULES) - set(rules_config)
        if missing:
            errors.append(str(_("Thresholds missing for the rules: %s.")) % ", ".join(sorted(missing)))
    recommendation = config.get("recommendation")
    defaults = DEFAULT_CONFIG["recommendation"]
    if not isinstance(recommendation, dict) or set(recommendation) != set(defaults):
        errors.append(str(_("“recommendation” needs exactly %s.")) % ", ".join(sorted(defaults)))
    return errors


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _plain(value):
    return f"{value:g}"


def _deadline_valid(text):
    try:
        datetime.date(2001, *map(int, str(text).split("-")))
    except (TypeError, ValueError):
        return False
    return True


def indicator_codes_of(config) -> list[str]:
    return sorted(
        {
            item["code"]
            for dimension in config["dimensions"].values()
            for item in dimension["inputs"]
            if item["source"] == "indicator"
        }
    )


# Data --------------------------------------------------------------------------------------------------------------


@dataclass
class ClusterData:
    """Everything the engine reads about one cluster (plain values)."""

    id: int
    name: str
    observations: dict = field(default_factory=dict)  # code -> {year: float}
    network: dict | None = None  # latest succeeded analysis figures
    previous_network: dict | None = None  # the one before it
    members: dict = field(default_factory=dict)
    largest_enterprise: str = ""
    plan: dict | None = None  # {"id", "title", "targets": [{"code", "status", ...}]}
    previous: dict | None = None  # last year's result: {"overall", "grade", "evaluation"}
    rectification: dict | None = None  # last rectification note


@dataclass
class MonitoringData:
    year: int
    config: dict
    clusters: list  # of ClusterData, ordered by id
    higher_is_better: dict  # code -> bool
    indicator_names: dict  # code -> (name, name_en, unit)
    deadline_passed: bool
    deadline: str

    def canonical(self) -> dict:
        """The inputs as plain JSON, for the digest (the rectification note is shown, not scored)."""
        return {
            "year": self.year,
            "config": self.config,
            "deadline_passed": self.deadline_passed,
            "directions": self.higher_is_better,
            "clusters": [
                {
                    "id": c.id,
                    "observations": {
                        code: {str(y): v for y, v in sorted(s.items())} for code, s in sorted(c.observations.items())
                    },
                    "network": c.network,
                    "previous_network": c.previous_network,
                    "members": c.members,
                    "plan": c.plan,
                    "previous": c.previous,
                }
                for c in self.clusters
            ],
        }


def digest_of(data: MonitoringData) -> str:
    text = json.dumps(data.canonical(), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


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
    judged = [t for t in plan["targets"] if t["status"] != "no_data"]
    if not judged:
        return None, {"plan": plan["id"], "targets": len(plan["targets"]), "judged": 0}
    on_track = sum(1 for t in judged if t["status"] == "on_track")
    return on_track / len(judged), {"plan": plan["id"], "judged": len(judged), "on_track": on_track}


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
                if value is not None:
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


# Early warnings (pure) --------------------------------------------------------------------------------------------


def early_warnings(cluster: ClusterData, data: MonitoringData) -> list[dict]:
    rules_config, year = data.config["rules"], data.year
    found = []

    def warn(code, severity=None, **details):
        found.append({"rule": code, "severity": severity or rules_config[code]["severity"], "details": details})

    # An indicator of the method worsening for `years` years running.
    rule = rules_config["indicator_falling"]
    for code in indicator_codes_of(data.config):
        series = cluster.observations.get(code, {})
        higher = data.higher_is_better.get(code, True)
        run, y = 0, year
        while (
            y in series
            and (y - 1) in series
            and ((series[y] < series[y - 1]) if higher else (series[y] > series[y - 1]))
        ):
            run += 1
            y -= 1
        if run >= rule["years"]:
            warn(
                "indicator_falling",
                "serious" if run >= rule["serious_years"] else None,
                indicator=code,
                years=run,
                series={str(y): series[y] for y in range(year - run, year + 1)},
                higher_is_better=higher,
            )

    # Concentration of revenue on the largest enterprise.
    rule = rules_config["concentration"]
    members = cluster.members or {}
    if members.get("revenue_total"):
        share = members["revenue_largest"] / members["revenue_total"]
        hhi = members["revenue_squares"] / members["revenue_total"] ** 2
        if share > rule["largest_share"] or hhi > rule["hhi"]:
            warn(
                "concentration",
                largest_enterprise=cluster.largest_enterprise,
                largest_revenue=members["revenue_largest"],
                revenue_total=members["revenue_total"],
                enterprises=members["enterprises_with_revenue"],
                largest_share=round(share, 4),
                hhi=round(hhi, 4),
            )

    # Local supporting rate falling.
    rule = rules_config["local_supporting_falling"]
    now = before = None
    basis = ""
    if cluster.network and cluster.previous_network:
        now, before = (
            cluster.network.get("local_supporting_rate"),
            cluster.previous_network.get("local_supporting_rate"),
        )
        if now is not None and before is not None:
            now, before, basis = now * 100, before * 100, "network"
    if not basis:
        series = cluster.observations.get("local_supporting_rate", {})
        if year in series and year - 1 in series:
            now, before, basis = series[year], series[year - 1], "indicator"
    if basis and before - now > rule["drop_points"]:
        warn(
            "local_supporting_falling",
            basis=basis,
            previous=round(before, 2),
            current=round(now, 2),
            drop_points=round(before - now, 2),
            analyses=[cluster.previous_network["id"], cluster.network["id"]] if basis == "network" else None,
        )

    # More single points of failure.
    rule = rules_config["single_points_rising"]
    if cluster.network and cluster.previous_network:
        now_points, before_points = (
            cluster.network["articulation_points"],
            cluster.previous_network["articulation_points"],
        )
        if now_points - before_points >= max(rule["increase"], 1):
            warn(
                "single_points_rising",
                previous=before_points,
                current=now_points,
                analyses=[cluster.previous_network["id"], cluster.network["id"]],
            )

    # Empty chain links.
    rule = rules_config["empty_chain_links"]
    if cluster.network and cluster.network.get("empty_links", 0) >= max(rule["links"], 1):
        warn(
            "empty_chain_links",
            empty=cluster.network["empty_links"],
            links=cluster.network.get("chain_links"),
            names=cluster.network.get("empty_names", []),
            analysis=cluster.network["id"],
        )

    # Stagnation: nobody joined in the evaluated year or the years before it.
    rule = rules_config["stagnation"]
    if members.get("with_joined_year"):
        latest = members.get("latest_joined")
        if latest is None or latest < year - rule["years"]:
            warn("stagnation", latest_joined=latest, since=year - rule["years"], members=members.get("total"))

    # Plan targets off track.
    rule = rules_config["plan_off_track"]
    if cluster.plan:
        off = [t for t in cluster.plan["targets"] if t["status"] == "off_track"]
        if off and len(off) >= max(rule["targets"], 1):
            judged = [t for t in cluster.plan["targets"] if t["status"] != "no_data"]
            warn(
                "plan_off_track",
                "serious" if len(off) * 2 >= len(judged) else None,
                plan=cluster.plan["id"],
                title=cluster.plan["title"],
                off_track=off,
                targets=len(cluster.plan["targets"]),
            )

    # Data not filed on time.
    rule = rules_config["data_late"]
    if data.deadline_passed:
        codes = indicator_codes_of(data.config)
        filed_before = [code for code in codes if any(y < year for y in cluster.observations.get(code, {}))]
        expected = filed_before or codes  # what the cluster files; all of them for one that never filed
        missing = [code for code in expected if year not in cluster.observations.get(code, {})]
        if missing and len(missing) >= max(rule["missing"], 1):
            warn(
                "data_late",
                "serious" if len(missing) * 2 >= len(codes) else None,
                missing=missing,
                deadline=f"{year + 1}-{rule['deadline']}",
            )
    return found


# Loading (a constant number of queries) ----------------------------------------------------------------------------


def deadline_of(config, year) -> datetime.date:
    month, day = map(int, config["rules"]["data_late"]["deadline"].split("-"))
    return datetime.date(year + 1, month, day)


def load(*, year: int, config: dict, clusters, as_of: datetime.datetime, exclude_evaluation=None) -> MonitoringData:
    """The engine's data for `clusters` (a queryset) and `year`: nine queries whatever their number."""
    from clusters.models import Indicator, Member, NetworkAnalysis, Observation
    from policies.models import CultivationPlan, PlanTarget
    from policies.plans.progress import target_progress

    from .models import MonitoringEvaluation, MonitoringResult, RectificationNote

    cluster_rows = list(clusters.order_by("pk").values_list("pk", "name"))
    ids = clusters.values("pk")
    catalogue = {
        code: (higher, name, name_en, unit)
        for code, higher, name, name_en, unit in Indicator.objects.values_list(
            "code", "higher_is_better", "name", "name_en", "unit"
        )
    }
    data = {pk: ClusterData(id=pk, name=name) for pk, name in cluster_rows}

    # Plans: the latest approved plan per cluster that started by the evaluated year, with its targets.
    plans = {}
    target_rows = (
        PlanTarget.objects.filter(
            plan__cluster__in=ids, plan__status=CultivationPlan.Status.APPROVED, plan__period_start__lte=year
        )
        .order_by("plan__cluster_id", "-plan__period_start", "-plan_id", "pk")
        .values_list(
            "plan__cluster_id",
            "plan_id",
            "plan__title",
            "indicator__code",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "pk",
        )
    )
    for cluster_id, plan_id, title, code, b_year, b_value, t_year, t_value, pk in target_rows:
        plan = plans.setdefault(cluster_id, {"id": plan_id, "title": title, "targets": []})
        if plan["id"] == plan_id:
            plan["targets"].append(
                {
                    "id": pk,
                    "code": code,
                    "baseline_year": b_year,
                    "baseline_value": b_value,
                    "target_year": t_year,
                    "target_value": t_value,
                }
            )

    codes = set(indicator_codes_of(config)) | {"local_supporting_rate"}
    codes |= {t["code"] for plan in plans.values() for t in plan["targets"]}
    first_year = min([year - 4, *(t["baseline_year"] for p in plans.values() for t in p["targets"])])
    observations = Observation.objects.filter(
        cluster__in=ids, indicator__code__in=sorted(codes), year__gte=first_year, year__lte=year
    ).values_list("cluster_id", "indicator__code", "year", "value")
    for cluster_id, code, obs_year, value in observations.order_by():
        data[cluster_id].observations.setdefault(code, {})[obs_year] = float(value)

    for cluster_id, plan in plans.items():
        targets = []
        for t in plan["targets"]:
            series = {y: Decimal(str(v)) for y, v in data[cluster_id].observations.get(t["code"], {}).items()}
            target = _Target(t["baseline_year"], t["baseline_value"], t["target_year"], t["target_value"])
            progress = target_progress(target, series, higher_is_better=catalogue.get(t["code"], (True,))[0])
            targets.append(
                {
                    "id": t["id"],
                    "code": t["code"],
                    "status": progress.status,
                    "year": progress.year,
                    "actual": None if progress.actual is None else float(progress.actual),
                    "expected": None if progress.expected is None else float(progress.expected),
                    "target_year": t["target_year"],
                    "target_value": float(t["target_value"]),
                }
            )
        data[cluster_id].plan = {"id": plan["id"], "title": plan["title"], "targets": targets}

    # Network: the latest two succeeded analyses finished before the evaluation was recorded.
    analyses = (
        NetworkAnalysis.objects.filter(cluster__in=ids, status=NetworkAnalysis.Status.SUCCEEDED, finished__lte=as_of)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("cluster_id")], order_by=[F("finished").desc(), F("pk").desc()])
        )
        .filter(rank__lte=2)
        .values_list(
            "cluster_id",
            "rank",
            "pk",
            "finished",
            "nodes",
            "edges",
            "density",
            "clustering",
            "local_supporting_rate",
            "articulation_points",
            "chain_link_coverage",
        )
    )
    for cluster_id, rank, pk, finished, nodes, edges, density, clustering, lsr, points, coverage in analyses:
        empty = [link.get("name", "") for link in coverage or [] if link.get("flag") == "empty"]
        figures = {
            "id": pk,
            "finished": finished.date().isoformat() if finished else None,
            "nodes": nodes,
            "edges": edges,
            "density": density,
            "clustering": clustering,
            "local_supporting_rate": lsr,
            "articulation_points": len(points or []),
            "chain_links": len(coverage or []),
            "empty_links": len(empty),
            "empty_names": empty,
        }
        if rank == 1:
            data[cluster_id].network = figures
        else:
            data[cluster_id].previous_network = figures

    # Members: one aggregate row per cluster.
    enterprise = Q(kind=Member.Kind.ENTERPRISE, revenue__isnull=False)
    member_rows = (
        Member.objects.filter(cluster__in=ids)
        .order_by()
        .values("cluster_id")
        .annotate(
            total=Count("pk"),
            leading=Count("pk", filter=Q(is_leading=True)),
            champions=Count("pk", filter=Q(is_single_champion=True) | Q(is_little_giant=True)),
            with_joined_year=Count("pk", filter=Q(joined_year__isnull=False, joined_year__lte=year)),
            latest_joined=Max("joined_year", filter=Q(joined_year__lte=year)),
            new_members=Count("pk", filter=Q(joined_year__gte=year - 1, joined_year__lte=year)),
            enterprises_with_revenue=Count("pk", filter=enterprise),
            revenue_total=Sum("revenue", filter=enterprise),
            revenue_largest=Max("revenue", filter=enterprise),
            revenue_squares=Sum(F("revenue") * F("revenue"), filter=enterprise),
        )
    )
    for row in member_rows:
        cluster_id = row.pop("cluster_id")
        data[cluster_id].members = {
            key: (float(value) if isinstance(value, Decimal) else value) for key, value in row.items()
        }
    largest = first_per_cluster(
        Member.objects.filter(enterprise, cluster__in=ids), [F("revenue").desc(), F("pk")]
    ).values_list("cluster_id", "name")
    for cluster_id, name in largest:
        data[cluster_id].largest_enterprise = name

    # Last year's result: the latest succeeded evaluation of the previous year that evaluated the cluster.
    previous = first_per_cluster(
        MonitoringResult.objects.filter(
            cluster__in=ids, evaluation__year=year - 1, evaluation__status=MonitoringEvaluation.Status.SUCCEEDED
        ).exclude(evaluation_id=exclude_evaluation),
        [F("evaluation__created").desc(), F("evaluation_id").desc()],
    ).values_list("cluster_id", "evaluation_id", "overall", "grade", "recommendation")
    for cluster_id, evaluation_id, overall, grade, recommendation in previous:
        data[cluster_id].previous = {
            "evaluation": evaluation_id,
            "overall": float(overall),
            "grade": grade,
            "recommendation": recommendation,
        }

    notes = first_per_cluster(
        RectificationNote.objects.filter(cluster__in=ids, created__lte=as_of), [F("created").desc(), F("pk").desc()]
    ).values_list("cluster_id", "pk", "text", "created", "organisation__name")
    for cluster_id, pk, text, created, organisation in notes:
        data[cluster_id].rectification = {
            "id": pk,
            "text": text,
            "created": created.date().isoformat(),
            "organisation": organisation,
        }

    deadline = deadline_of(config, year)
    return MonitoringData(
        year=year,
        config=config,
        clusters=[data[pk] for pk, _name in cluster_rows],
        higher_is_better={code: row[0] for code, row in sorted(catalogue.items())},
        indicator_names={code: row[1:] for code, row in catalogue.items()},
        deadline_passed=as_of.date() > deadline,
        deadline=deadline.isoformat(),
    )


def first_per_cluster(queryset, order_by):
    """The first row per cluster in `order_by` (a window, so it runs on SQLite too)."""
    return queryset.annotate(first_rank=Window(RowNumber(), partition_by=[F("cluster_id")], order_by=order_by)).filter(
        first_rank=1
    )


@dataclass(frozen=True)
class _Target:
    baseline_year: int
    baseline_value: Decimal
    target_year: int
    target_value: Decimal


# Running a recorded evaluation ------------------------------------------------------------------------------------


def evaluated_clusters(evaluation):
    from clusters.models import Cluster

    tiers = evaluation.tiers or [Cluster.Tier.NATIONAL, Cluster.Tier.WORLD_CLASS]
    return Cluster.objects.filter(tier__in=tiers)


def evaluate(evaluation_id: int):
    """Run a recorded evaluation synchronously: load, compute, then replace any partial results in one
    transaction and mark it succeeded. A finished evaluation is left alone."""
    from .models import EarlyWarning, MonitoringEvaluation, MonitoringResult

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


# Words for people ----------------------------------------------------------------------------------------------------


def number(value) -> str:
    """A figure for reading: thousands separated, at most four significant digits below 1,000."""
    if value is None:
        return "—"
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.4g}"


def why(code, d) -> str:
    """The figures that triggered a warning, in one sentence."""
    if code == "indicator_falling":
        series = " → ".join(f"{year}: {number(value)}" for year, value in d["series"].items())
        return gettext("%(indicator)s worsened %(years)d years running (%(series)s).") % {
            "indicator": d.get("indicator_name", d["indicator"]),
            "years": d["years"],
            "series": series,
        }
    if code == "concentration":
        return gettext(
            "%(name)s has %(share).1f %% of the revenue of %(count)d enterprises (%(largest)s of %(total)s, 10k CNY); "
            "revenue HHI %(hhi).3f."
        ) % {
            "name": d["largest_enterprise"],
            "share": d["largest_share"] * 100,
            "count": d["enterprises"],
            "largest": number(d["largest_revenue"]),
            "total": number(d["revenue_total"]),
            "hhi": d["hhi"],
        }
    if code == "local_supporting_falling":
        return gettext(
            "Local supporting rate %(previous)s %% → %(current)s %% (−%(drop)s points, from the %(basis)s)."
        ) % {
            "previous": number(d["previous"]),
            "current": number(d["current"]),
            "drop": number(d["drop_points"]),
            "basis": gettext("network analyses") if d["basis"] == "network" else gettext("indicator"),
        }
    if code == "single_points_rising":
        return gettext("Single points of failure: %(previous)d → %(current)d.") % d
    if code == "empty_chain_links":
        return gettext("%(empty)d of %(links)d chain links have no member: %(names)s.") % {
            **d,
            "names": "、".join(d.get("names") or []),
        }
    if code == "stagnation":
        if d.get("latest_joined") is None:
            return gettext("No member has joined since records began.")
        return gettext("The latest member joined in %(latest)d (none since %(since)d).") % {
            "latest": d["latest_joined"],
            "since": d["since"],
        }
    if code == "plan_off_track":
        return gettext("%(off)d of %(targets)d targets of “%(title)s” off track: %(codes)s.") % {
            "off": len(d["off_track"]),
            "targets": d["targets"],
            "title": d["title"],
            "codes": ", ".join(t["code"] for t in d["off_track"]),
        }
    if code == "data_late":
        return gettext("No value for the year by %(deadline)s: %(codes)s.") % {
            "deadline": d["deadline"],
            "codes": ", ".join(d["missing"]),
        }
    return ""
