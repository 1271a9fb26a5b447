"""Reports of the monitoring evaluation: a PDF per cluster result (WeasyPrint, rendered on request: about 0.2–0.5 s
a cluster on this machine, see README) and the national summary in Excel.

The PDF's chart is an SVG drawn here, since WeasyPrint runs no JavaScript. Its page CSS names the CJK font
"WenQuanYi Micro Hei" (Debian fonts-wqy-microhei) with "Noto Sans CJK SC" as fallback, so Chinese renders as text.
"""

from html import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from monitoring.adjustment import selectors
from monitoring.models import MonitoringDimension, Recommendation
from tenancy.exports import xlsx_bytes
from tenancy.numbers import score_cell

CHART_WIDTH = 520
BAR_AREA_LEFT = 190
BAR_HEIGHT = 12
ROW_HEIGHT = 40


def score_value(value):
    """A dimension's score from a result's `scores` (a number, or a dict with a `score`)."""
    if isinstance(value, dict):
        value = value.get("score")
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def dimension_rows(result, previous=None):
    """(code, label, score, last year's score) per dimension: the known dimensions in order, then any other key."""
    scores = result.scores or {}
    before = (previous.scores or {}) if previous is not None else {}
    labels = dict(MonitoringDimension.choices)
    codes = [code for code in labels if code in scores] + sorted(code for code in scores if code not in labels)
    return [
        (code, str(labels.get(code, code)), score_value(scores.get(code)), score_value(before.get(code)))
        for code in codes
    ]


def dimension_chart_svg(rows, *, maximum=100.0) -> str:
    """A horizontal bar chart of the dimension scores (this year dark, last year light), as inline SVG."""
    height = ROW_HEIGHT * max(len(rows), 1) + 40
    scale = (CHART_WIDTH - BAR_AREA_LEFT - 50) / maximum
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" role="img">'
    ]
    for index, (_code, label, score, last) in enumerate(rows):
        y = 10 + index * ROW_HEIGHT
        parts.append(
            f'<text x="{BAR_AREA_LEFT - 8}" y="{y + BAR_HEIGHT}" font-size="10" text-anchor="end">'
            f"{escape(label[:24])}</text>"
        )
        if score is not None:
            width = max(0.0, min(score, maximum)) * scale
            parts.append(
                f'<rect x="{BAR_AREA_LEFT}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="#1f4e79"/>'
            )
            parts.append(
                f'<text x="{BAR_AREA_LEFT + width + 4:.1f}" y="{y + BAR_HEIGHT - 2}" font-size="9">{score:.1f}</text>'
            )
        if last is not None:
            width = max(0.0, min(last, maximum)) * scale
            parts.append(
                f'<rect x="{BAR_AREA_LEFT}" y="{y + BAR_HEIGHT + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 4}" '
                f'fill="#9dc3e6"/>'
            )
    legend_y = height - 14
    parts.append(f'<rect x="{BAR_AREA_LEFT}" y="{legend_y - 8}" width="10" height="8" fill="#1f4e79"/>')
    parts.append(f'<text x="{BAR_AREA_LEFT + 14}" y="{legend_y}" font-size="9">{escape(_("This year"))}</text>')
    parts.append(f'<rect x="{BAR_AREA_LEFT + 90}" y="{legend_y - 8}" width="10" height="8" fill="#9dc3e6"/>')
    parts.append(f'<text x="{BAR_AREA_LEFT + 104}" y="{legend_y}" font-size="9">{escape(_("Last year"))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def warning_explanation(warning) -> str:
    """Why the warning was raised: the engine's sentence on the figures that triggered it (or the text the
    details carry, or the figures themselves)."""
    details = warning.details or {}
    for key in ("explanation", "message", "text"):
        if details.get(key):
            return str(details[key])
    try:
        from monitoring.evaluation.wording import why

        return str(why(warning.rule, dict(details)))
    except (KeyError, TypeError, ValueError, AttributeError, ImportError):
        return "; ".join(
            f"{key}: {value}" for key, value in sorted(details.items()) if not isinstance(value, dict | list)
        )


def warning_label(rule: str) -> str:
    """The rule's display name from the engine's catalogue."""
    try:
        from monitoring.evaluation.method import RULES
    except ImportError:
        return rule
    entry = RULES.get(rule)
    return str(entry["name"]) if entry else rule


def rule_explanations(result) -> dict:
    """The rule texts (with the method's thresholds) of the result's evaluation, by rule code."""
    try:
        from monitoring.evaluation.method import rule_catalogue

        return {rule["code"]: rule["explanation"] for rule in rule_catalogue(result.evaluation.method.config or None)}
    except (ImportError, KeyError, TypeError, ValueError):
        return {}


def report_context(result) -> dict:
    previous = selectors.previous_result(result=result)
    rows = dimension_rows(result, previous)
    decision = getattr(result, "decision", None) if _has_decision(result) else None
    texts = rule_explanations(result)
    warnings = [
        {
            "rule": warning.rule,
            "label": warning_label(warning.rule),
            "severity": warning.get_severity_display(),
            "explanation": warning_explanation(warning),
            "rule_text": texts.get(warning.rule, ""),
        }
        for warning in result.warnings.all()
    ]
    return {
        "result": result,
        "cluster": result.cluster,
        "regions": list(result.cluster.regions.all()),
        "previous": previous,
        "rows": rows,
        "chart": dimension_chart_svg(rows),
        "warnings": warnings,
        "decision": decision,
        "notes": list(selectors.visible_rectifications().filter(cluster_id=result.cluster_id)[:5]),
    }


def _has_decision(result) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return result.decision is not None
    except ObjectDoesNotExist:
        return False


def result_report_html(result) -> str:
    return render_to_string("monitoring/adjustment/report.html", report_context(result))


def result_report_pdf(result) -> bytes:
    from weasyprint import HTML

    return HTML(string=result_report_html(result)).write_pdf()


# National summary in Excel ---------------------------------------------------------------------------------------


def _provinces(cluster):
    return sorted({region.code[:2] + "0000" for region in cluster.regions.all()})


def summary_sheets(evaluation, province_names: dict):
    """The national summary: one row per result, a sheet of warnings and a sheet by province."""
    results = list(selectors.summary_results(evaluation=evaluation))
    dimensions = list(MonitoringDimension.choices)
    recommendations = dict(Recommendation.choices)
    result_rows, warning_rows, provinces = [], [], {}
    for result in results:
        cluster = result.cluster
        decision = result.decision if _has_decision(result) else None
        warnings = list(result.warnings.all())
        codes = _provinces(cluster)
        result_rows.append(
            [
                cluster.name,
                cluster.name_en,
                "、".join(province_names.get(code, code) for code in codes),
                str(cluster.field),
                cluster.get_tier_display(),
                result.grade,
                score_cell(result.overall),
                *[score_cell(score_value((result.scores or {}).get(code))) for code, _label in dimensions],
                score_cell(result.previous_overall),
                score_cell(result.change),
                str(recommendations.get(result.recommendation, result.recommendation)),
                decision.get_decision_display() if decision else "",
                decision.reason if decision else "",
                "；".join(warning_label(w.rule) for w in warnings),
            ]
        )
        for warning in warnings:
            warning_rows.append(
                [
                    cluster.name,
                    warning_label(warning.rule),
                    warning.get_severity_display(),
                    warning_explanation(warning),
                ]
            )
        for code in codes:
            row = provinces.setdefault(
                code, {"clusters": 0, "warned": 0, "warnings": 0, **dict.fromkeys(recommendations, 0)}
            )
            row["clusters"] += 1
            row["warned"] += 1 if warnings else 0
            row["warnings"] += len(warnings)
            row[result.recommendation] = row.get(result.recommendation, 0) + 1
    result_header = [
        _("Cluster"),
        _("English name"),
        _("Provinces"),
        _("Industry field"),
        _("Tier"),
        _("Grade"),
        _("Overall score"),
        *[str(label) for _code, label in dimensions],
        _("Last year's overall score"),
        _("Change"),
        _("Recommendation"),
        _("Decision"),
        _("Reason"),
        _("Warnings"),
    ]
    warning_header = [_("Cluster"), _("Warning"), _("Severity"), _("Explanation")]
    province_header = [
        _("Province"),
        _("Clusters"),
        _("Warned clusters"),
        _("Warnings"),
        *[str(label) for label in recommendations.values()],
    ]
    province_rows = [
        [
            province_names.get(code, code),
            row["clusters"],
            row["warned"],
            row["warnings"],
            *[row[k] for k in recommendations],
        ]
        for code, row in sorted(provinces.items())
    ]
    return [
        (_("Results"), result_header, result_rows),
        (_("Warnings"), warning_header, warning_rows),
        (_("By province"), province_header, province_rows),
    ]


def national_summary(evaluation):
    """The national summary's sheets, with the provinces' names."""
    from tenancy.models import Region

    names = {region.code: region.display_name for region in Region.objects.filter(level=Region.Level.PROVINCE)}
    return summary_sheets(evaluation, names)


def national_summary_xlsx(evaluation) -> bytes:
    return xlsx_bytes(national_summary(evaluation))
