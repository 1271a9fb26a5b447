"""The monitoring method's vocabulary and its configuration: the dimensions, scales and input sources, the
warning rules' catalogue, the default configuration (method version 1) and the validation of a configuration."""

import datetime
import math

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


# What each threshold of a rule is, in words (the rules page and the result page never show a parameter's key).
THRESHOLD_LABELS = {
    "years": _("Years in a row"),
    "serious_years": _("Years in a row for a serious warning"),
    "largest_share": _("Largest enterprise's share of revenue"),
    "hhi": _("Revenue concentration index (HHI)"),
    "drop_points": _("Fall in percentage points"),
    "increase": _("Increase in single points of failure"),
    "links": _("Empty key chain links"),
    "targets": _("Targets off track"),
    "deadline": _("Filing deadline (month-day)"),
    "missing": _("Indicators missing"),
}
PERCENT_THRESHOLDS = {"largest_share"}


def threshold_rows(parameters) -> list[tuple[str, str]]:
    """A rule's thresholds as (label, value) rows for people: shares as percentages, no parameter keys."""
    rows = []
    for key, value in parameters.items():
        if key == "severity":
            continue
        shown = f"{float(value):.0%}" if key in PERCENT_THRESHOLDS and isinstance(value, int | float) else str(value)
        rows.append((str(THRESHOLD_LABELS.get(key, key)), shown))
    return rows


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
            "At least {links} link(s) that the cluster's approved plan names as key have no member in the latest "
            "network analysis: a gap in the chain. Other empty links are shown as information (a notice): the "
            "article warns against pursuing the entire chain for its own sake."
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
                "threshold_rows": threshold_rows(parameters),
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


# Loading (a constant number of queries) ----------------------------------------------------------------------------


def deadline_of(config, year) -> datetime.date:
    month, day = map(int, config["rules"]["data_late"]["deadline"].split("-"))
    return datetime.date(year + 1, month, day)
