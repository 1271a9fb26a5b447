"""Pages of the annual monitoring evaluation: the evaluations (run one, live progress), an evaluation's results
with filters, a cluster's result (scores with their inputs and formula, warnings with the data that triggered
them, last year's figures, the decision panel slot), the rule catalogue and the method versions."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clusters.models import Cluster, Indicator
from monitoring.adjustment import services as adjustment_services
from monitoring.evaluation import selectors, wording
from monitoring.evaluation import services as monitoring_services
from monitoring.evaluation.method import rule_catalogue
from monitoring.evaluation.tables import EVALUATION_SORTS, METHOD_SORTS, RESULT_SORTS
from monitoring.models import MonitoringDimension, MonitoringEvaluation, MonitoringMethod, Recommendation
from tenancy.forms import add_service_errors
from tenancy.models import IndustryField, Region

PAGE_SIZE = 25
SEVERITY_ORDER = {"serious": 0, "warning": 1, "notice": 2}
GRADE_BADGES = {"A": "success", "B": "primary", "C": "warning", "D": "danger"}
RECOMMENDATION_BADGES = {"keep": "success", "warn": "warning", "drop": "danger"}


class RunForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year evaluated"), min_value=monitoring_services.FIRST_YEAR)
    tiers = forms.MultipleChoiceField(
        label=gettext_lazy("Tiers"),
        choices=Cluster.Tier.choices,
        initial=monitoring_services.DEFAULT_TIERS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    completeness_reason = forms.CharField(
        label=gettext_lazy("Reason to run with incomplete data"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Needed when fewer verified values than the threshold are in: the results will carry it."
        ),
    )


class ResultFilterForm(forms.Form):
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), required=False)
    recommendation = forms.ChoiceField(
        label=gettext_lazy("Recommendation"),
        choices=[("", gettext_lazy("Any recommendation")), *Recommendation.choices],
        required=False,
    )
    province = forms.ModelChoiceField(
        label=gettext_lazy("Province"),
        queryset=Region.objects.filter(level="province").order_by("code"),
        required=False,
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Industry field"),
        queryset=IndustryField.objects.order_by("position", "code"),
        required=False,
    )

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", _("Any grade")), *((g, g) for g in grades)]
        self.fields["province"].empty_label = _("Any province")
        self.fields["field"].empty_label = _("Any industry field")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class MethodForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=128)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    config = forms.CharField(
        label=gettext_lazy("Configuration (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Per dimension its weight and inputs (weights sum to 100), grade bands, each rule's thresholds and the "
            "recommendation rule. Saving creates a new version; earlier versions are never changed."
        ),
    )

    def clean_config(self):
        try:
            return json.loads(self.cleaned_data["config"])
        except ValueError as exc:
            raise ValidationError(_("Not valid JSON: %s") % exc) from None


def _can_run(request):
    return request.user.has_perm("monitoring.run_monitoring")


# Evaluations -------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_list(request):
    can_run = _can_run(request)
    form = RunForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if form.is_valid():
            try:
                evaluation = monitoring_services.evaluation_start(
                    year=form.cleaned_data["year"],
                    tiers=form.cleaned_data["tiers"],
                    by=request.user,
                    completeness_reason=form.cleaned_data["completeness_reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The evaluation of %(year)d is queued.") % {"year": evaluation.year})
                return redirect("monitoring-evaluation-detail", pk=evaluation.pk)
    sorting = EVALUATION_SORTS.read(request)
    evaluations = sorting.apply(selectors.visible_monitoring_evaluations())
    page = Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/evaluation/evaluation_list.html",
        {
            "page": page,
            "sorting": sorting,
            "form": form,
            "can_run": can_run,
            "status_url_name": "monitoring-evaluation-progress",
            "panel": _completeness_panel(request, form) if can_run else None,
        },
    )


def _completeness_panel(request, form):
    """The completeness of the year in the form (posted, asked with ?year=, or the default) before a run."""
    raw_year = form["year"].value() if form.is_bound else request.GET.get("year") or form.initial["year"]
    try:
        year = int(raw_year)
    except (TypeError, ValueError):
        return None
    if not monitoring_services.FIRST_YEAR <= year <= timezone.localdate().year:
        return None
    tiers = form.cleaned_data.get("tiers") if form.is_bound and form.is_valid() else request.GET.getlist("tiers")
    try:
        return monitoring_services.evaluation_completeness(year=year, tiers=tiers or None)
    except ValidationError:
        return None


def results_shown(request, evaluation):
    """An evaluation's results the viewer may read, for the request's filters and sort (every page; the export reads
    it too): (results, the filter form, the sorting)."""
    grades = [band["grade"] for band in evaluation.method.config.get("grades", [])]
    form = ResultFilterForm(request.GET or None, grades=grades)
    results = selectors.visible_monitoring_results().filter(evaluation=evaluation)
    if form.is_valid():
        data = form.cleaned_data
        results = selectors.filter_monitoring_results(
            results,
            grade=data["grade"],
            recommendation=data["recommendation"],
            province=data["province"].code if data["province"] else "",
            field=data["field"].pk if data["field"] else "",
        )
    sorting = RESULT_SORTS.read(request)
    return sorting.apply(results), form, sorting


@login_required
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(selectors.visible_monitoring_evaluations(), pk=pk)
    results, form, sorting = results_shown(request, evaluation)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    for result in page.object_list:
        result.grade_badge = GRADE_BADGES.get(result.grade, "secondary")
        result.recommendation_badge = RECOMMENDATION_BADGES.get(result.recommendation, "secondary")
    return render(
        request,
        "monitoring/evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "page": page,
            "sorting": sorting,
            "form": form,
            "status_url": reverse("monitoring-evaluation-progress", args=[evaluation.pk]),
            "counts": selectors.monitoring_result_counts(evaluation=evaluation),
            "same_inputs": list(selectors.monitoring_same_inputs(evaluation=evaluation)[:10]),
            "tier_labels": [Cluster.Tier(tier).label for tier in evaluation.tiers if tier in Cluster.Tier.values],
            "can_run": _can_run(request),
        },
    )


@login_required
def evaluation_progress(request, pk):
    evaluation = get_object_or_404(MonitoringEvaluation.objects.all(), pk=pk)
    response = render(
        request,
        "includes/job_progress.html",
        {"job": evaluation, "status_url": reverse("monitoring-evaluation-progress", args=[evaluation.pk])},
    )
    if evaluation.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the results
    return response


# A cluster's result ------------------------------------------------------------------------------------------------


def _dimension_rows(result, previous, names):
    labels = dict(MonitoringDimension.choices)
    previous_scores = previous.scores if previous else {}
    rows = []
    order = {value: position for position, value in enumerate(MonitoringDimension.values)}
    for key, dimension in sorted(result.scores.items(), key=lambda item: order.get(item[0], 99)):
        inputs = []
        before = {(part["source"], part["key"]): part for part in (previous_scores.get(key) or {}).get("inputs", [])}
        for part in dimension["inputs"]:
            last_year = before.get((part["source"], part["key"]))
            label = part["key"]
            if part["source"] == "indicator" and part["key"] in names:
                name, name_en, unit = names[part["key"]]
                label = name_en if (request_language_is_english()) and name_en else name
                part = {**part, "unit": unit}
            else:
                label = str(FIGURE_LABELS.get(part["key"], part["key"]))
            inputs.append(
                {
                    **part,
                    "label": label,
                    "formula": formula(part),
                    "previous_raw": wording.number(last_year["raw"])
                    if last_year and last_year["raw"] is not None
                    else "—",
                    "previous_score": last_year["score"] if last_year else None,
                }
            )
        rows.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "score": dimension["score"],
                "weight": dimension["weight"],
                "weighted": round(dimension["score"] * dimension["weight"] / 100, 2),
                "previous": (previous_scores.get(key) or {}).get("score"),
                "inputs": inputs,
            }
        )
    return rows


def request_language_is_english():
    from django.utils.translation import get_language

    return (get_language() or "").startswith("en")


FIGURE_LABELS = {
    "local_supporting_rate": gettext_lazy("Local supporting rate (network analysis)"),
    "density": gettext_lazy("Network density"),
    "clustering": gettext_lazy("Average clustering coefficient"),
    "chain_link_coverage": gettext_lazy("Share of chain links with members"),
    "leading": gettext_lazy("Leading enterprises (members)"),
    "champions": gettext_lazy("Single champions and little giants (members)"),
    "new_members": gettext_lazy("Members joined in the year or the year before"),
    "on_track_share": gettext_lazy("Share of plan targets on track"),
}


def formula(part) -> str:
    """How the input's score was made, in words with its numbers."""
    pending = ""
    if part.get("unverified"):
        pending = " " + _("A value of %(years)s is filed but not verified: it does not count yet.") % {
            "years": ", ".join(str(year) for year in part["unverified"])
        }
    if part["raw"] is None and part.get("missing"):
        return _("No verified value: scores 0 (missing data never raises a grade).") + pending
    if part["raw"] is None:
        return _("Not applicable: left out of the dimension's mean.")
    raw = wording.number(part["raw"])
    if part["scale"] == "minmax":
        text = _("min–max across the clusters evaluated: (%(raw)s − %(low)s) ÷ (%(high)s − %(low)s) × 100") % {
            "raw": raw,
            "low": wording.number(part["lowest"]),
            "high": wording.number(part["highest"]),
        }
    elif part["scale"] == "growth":
        facts = part.get("facts") or {}
        text = _(
            "growth %(value)s ÷ %(previous)s − 1 = %(raw)s %%, on the range %(low)s…%(high)s %%: "
            "(%(raw)s − %(low)s) ÷ (%(high)s − %(low)s) × 100"
        ) % {
            "value": wording.number(facts.get("value")),
            "previous": wording.number(facts.get("previous")),
            "raw": f"{part['raw']:.2f}",
            "low": wording.number(part["low"]),
            "high": wording.number(part["high"]),
        }
    else:
        text = _("(%(raw)s − %(low)s) ÷ (%(high)s − %(low)s) × 100, clipped to 0–100") % {
            "raw": raw,
            "low": wording.number(part["low"]),
            "high": wording.number(part["high"]),
        }
    if not part["higher_is_better"]:
        text += " " + _("(reversed: lower is better)")
    return f"{text} = {wording.number(part['score'])}"


def _warning_rows(result, catalogue, names):
    by_code = {rule["code"]: rule for rule in catalogue}
    rows = []
    for warning in sorted(result.warnings.all(), key=lambda w: (SEVERITY_ORDER.get(w.severity, 9), w.rule, w.pk)):
        rule = by_code.get(
            warning.rule, {"name": warning.rule, "explanation": "", "threshold": {}, "threshold_rows": []}
        )
        details = dict(warning.details)
        if "indicator" in details and details["indicator"] in names:
            details["indicator_name"] = names[details["indicator"]][1 if request_language_is_english() else 0]
        rows.append({"warning": warning, "rule": rule, "details": details, "why": wording.why(warning.rule, details)})
    return rows


@login_required
def result_detail(request, pk):
    result = get_object_or_404(selectors.monitoring_result_for_detail(), pk=pk)
    previous = selectors.monitoring_previous_result(result=result)
    trend = list(selectors.monitoring_cluster_results(cluster=result.cluster))
    config = result.evaluation.method.config
    catalogue = rule_catalogue(config)
    names = {
        code: (name, name_en, unit)
        for code, name, name_en, unit in Indicator.objects.values_list("code", "name", "name_en", "unit")
    }
    dimensions = _dimension_rows(result, previous, names)
    radar = {
        "indicators": [{"name": str(row["label"]), "max": 100} for row in dimensions],
        "values": [row["score"] for row in dimensions],
        "name": f"{result.cluster.display_name} {result.evaluation.year}",
    }
    return render(
        request,
        "monitoring/evaluation/result_detail.html",
        {
            "result": result,
            "evaluation": result.evaluation,
            "cluster": result.cluster,
            "previous": previous,
            "dimensions": dimensions,
            "radar": radar,
            "trend": trend,
            "warnings": _warning_rows(result, catalogue, names),
            "grade_badge": GRADE_BADGES.get(result.grade, "secondary"),
            "recommendation_badge": RECOMMENDATION_BADGES.get(result.recommendation, "secondary"),
            "grades": config.get("grades", []),
            "inputs": result.inputs,
            # Asked before the page offers the decision: a stale result shows the action disabled, with why.
            "decision_refusal": adjustment_services.decision_refusal(result)
            if request.user.has_perm("monitoring.decide_adjustment")
            else None,
        },
    )


# Rules and methods -------------------------------------------------------------------------------------------------


@login_required
def rule_list(request):
    method = MonitoringMethod.objects.filter(is_current=True).first()
    return render(
        request,
        "monitoring/evaluation/rules.html",
        {"method": method, "rules": rule_catalogue(method.config if method else None)},
    )


@login_required
def method_list(request):
    methods, sorting = methods_shown(request)
    page = Paginator(methods, PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = request.user.has_perm("monitoring.add_monitoringmethod")
    return render(
        request, "monitoring/evaluation/method_list.html", {"page": page, "sorting": sorting, "can_add": can_add}
    )


def methods_shown(request):
    """The method versions in the request's sort (every page; the export reads it too), and the sorting."""
    sorting = METHOD_SORTS.read(request)
    return sorting.apply(MonitoringMethod.objects.select_related("created_by")), sorting


SCALE_LABELS = {
    "range": gettext_lazy("on a fixed range"),
    "minmax": gettext_lazy("min–max across the clusters evaluated"),
    "growth": gettext_lazy("year-on-year growth on a range"),
}


def _labelled_inputs(dimension):
    """A dimension of a method's configuration with each input named in words (indicator or figure) and its
    scale described, for the method page: the configuration's keys stay in the JSON below it."""
    codes = [item.get("code") for item in dimension.get("inputs", []) if item.get("code")]
    names = wording.indicator_names(codes)
    inputs = []
    for item in dimension.get("inputs", []):
        key = item.get("code") or item.get("figure") or ""
        label = names.get(key) if item.get("code") else FIGURE_LABELS.get(key)
        inputs.append({**item, "label": str(label or key), "scale_label": str(SCALE_LABELS.get(item.get("scale"), ""))})
    return {**dimension, "inputs": inputs}


@login_required
def method_detail(request, pk):
    method = get_object_or_404(MonitoringMethod.objects.select_related("created_by"), pk=pk)
    return render(
        request,
        "monitoring/evaluation/method_detail.html",
        {
            "method": method,
            "config_text": json.dumps(method.config, ensure_ascii=False, indent=2),
            "dimensions": [
                (label, _labelled_inputs(method.config.get("dimensions", {})[key]))
                for key, label in MonitoringDimension.choices
                if key in method.config.get("dimensions", {})
            ],
            "rules": rule_catalogue(method.config),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def method_add(request):
    if not request.user.has_perm("monitoring.add_monitoringmethod"):
        raise PermissionDenied
    current = monitoring_services.method_current()
    initial = {
        "name": current.name,
        "description": current.description,
        "config": json.dumps(current.config, ensure_ascii=False, indent=2),
    }
    form = MethodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            method = monitoring_services.method_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                config=form.cleaned_data["config"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Version %(version)d is now the current method.") % {"version": method.version})
            return redirect("monitoring-method-detail", pk=method.pk)
    return render(request, "monitoring/evaluation/method_form.html", {"form": form, "current": current})
