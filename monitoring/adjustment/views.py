"""Pages of dynamic adjustment and reports: the ministry's decision on a cluster's monitoring result (after a
confirmation), a cluster's rectification notes and the form to file one, the per-cluster PDF report, the national
summary in Excel and the ministry dashboard."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clusters.models import Cluster
from clusters.profiles.selectors import visible_clusters
from monitoring.adjustment import reports as monitoring_reports
from monitoring.adjustment import selectors
from monitoring.adjustment import services as adjustment_services
from monitoring.adjustment.tables import RECTIFICATION_SORTS
from monitoring.models import MonitoringEvaluation, Recommendation
from tenancy.errors import Refusal
from tenancy.filters import read_id
from tenancy.forms import add_service_errors
from tenancy.history import history_entries

PAGE_SIZE = 25


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=Recommendation.choices)
    tier_after = forms.ChoiceField(
        label=gettext_lazy("Tier after a drop"),
        required=False,
        help_text=gettext_lazy("Only for a drop; by default one tier down."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, tier_before, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Cluster.Tier.choices)
        self.fields["tier_after"].choices = [("", gettext_lazy("One tier down"))] + [
            (tier, labels[tier]) for tier in adjustment_services.lower_tiers(tier_before)
        ]


class RectificationForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=gettext_lazy("Decision answered"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=gettext_lazy("Rectification"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {decision.pk: decision for decision in decisions}
        self.fields["decision"].choices = [("", gettext_lazy("None (a general answer)"))] + [
            (
                decision.pk,
                f"{decision.result.evaluation.year} · {decision.get_decision_display()}",
            )
            for decision in decisions
        ]


def _ministry_only(request, perm="monitoring.view_monitoring_dashboard"):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _attachment(response, filename):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Decision ----------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_record(request, pk):
    result = get_object_or_404(selectors.result_for_report(), pk=pk)
    if not request.user.has_perm("monitoring.decide_adjustment"):
        raise PermissionDenied
    back = reverse("adjustment-decide", args=[result.pk])
    refusal = adjustment_services.decision_refusal(result)
    if refusal is not None:
        messages.info(request, refusal.message)
        return redirect("rectification-list", pk=result.cluster_id)
    cluster = result.cluster
    form = DecisionForm(request.POST or None, tier_before=cluster.tier, initial={"decision": result.recommendation})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirmed") == "1":
            try:
                adjustment_services.decision_record(
                    result=result,
                    decision=data["decision"],
                    reason=data["reason"],
                    tier_after=data["tier_after"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except Refusal as exc:
                messages.error(request, exc.message)
                return redirect("rectification-list", pk=cluster.pk)
            else:
                messages.success(request, _("The decision was recorded and the cluster's organisations notified."))
                return redirect("rectification-list", pk=cluster.pk)
        else:
            try:  # what the decision will do, or why it will not be taken: the service's own checks
                _reason, tier_after = adjustment_services.decision_check(
                    result=result,
                    cluster=cluster,
                    decision=data["decision"],
                    reason=data["reason"],
                    tier_after=data["tier_after"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except Refusal as exc:
                messages.error(request, exc.message)
                return redirect("rectification-list", pk=cluster.pk)
            else:
                return render(
                    request,
                    "monitoring/adjustment/decision_confirm.html",
                    {
                        "result": result,
                        "cluster": cluster,
                        "form": form,
                        "decision_label": dict(Recommendation.choices)[data["decision"]],
                        "tier_before": cluster.get_tier_display(),
                        "tier_after": dict(Cluster.Tier.choices)[tier_after],
                        "tier_changes": tier_after != cluster.tier,
                        "back": back,
                    },
                )
    if form.errors:
        status = 400
    return render(
        request,
        "monitoring/adjustment/decision_form.html",
        {
            "result": result,
            "cluster": cluster,
            "form": form,
            "warnings": [
                (monitoring_reports.warning_label(w.rule), w.get_severity_display()) for w in result.warnings.all()
            ],
        },
        status=status,
    )


@login_required
def decision_history(request, pk):
    decision = get_object_or_404(selectors.visible_decisions(), pk=pk)
    return render(
        request,
        "history.html",
        {
            "object": decision,
            "entries": history_entries(decision),
            "back_url": "rectification-list",
            "back_pk": decision.result.cluster_id,
        },
    )


# Rectification -----------------------------------------------------------------------------------------------------


def rectification_cluster(request, pk):
    """The cluster of a rectification list, if the viewer may see it (404 otherwise)."""
    return get_object_or_404(visible_clusters(), pk=pk)


def rectifications_shown(request, cluster):
    """A cluster's rectification notes in the request's sort (every page; the export reads it too), and the
    sorting."""
    sorting = RECTIFICATION_SORTS.read(request)
    return sorting.apply(selectors.visible_rectifications().filter(cluster=cluster)), sorting


@login_required
@require_http_methods(["GET", "POST"])
def rectification_list(request, pk):
    """A cluster's decisions and rectification notes; its promotion body and supervising governments file notes."""
    cluster = rectification_cluster(request, pk)
    decisions = list(selectors.visible_decisions().filter(result__cluster=cluster))
    can_write = request.user.has_perm("monitoring.rectify_cluster", cluster)
    form = RectificationForm(request.POST or None, decisions=decisions) if can_write else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                adjustment_services.rectification_create(
                    cluster=cluster,
                    text=form.cleaned_data["text"],
                    decision=form.decisions.get(form.cleaned_data["decision"]),
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The rectification note was filed; the ministry is notified."))
                return redirect("rectification-list", pk=cluster.pk)
    notes, sorting = rectifications_shown(request, cluster)
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/adjustment/rectification_list.html",
        {
            "cluster": cluster,
            "decisions": decisions,
            "page": page,
            "sorting": sorting,
            "form": form,
            "can_decide": request.user.has_perm("monitoring.decide_adjustment"),
        },
        status=400 if form is not None and form.errors else 200,
    )


# Reports -----------------------------------------------------------------------------------------------------------


@login_required
def result_report(request, pk):
    """The cluster result's PDF report, rendered on request (well under a second a cluster)."""
    result = get_object_or_404(selectors.result_for_report(), pk=pk)
    response = HttpResponse(monitoring_reports.result_report_pdf(result), content_type="application/pdf")
    filename = f"monitoring-{result.evaluation.year}-{result.cluster.name}.pdf"
    return _attachment(response, filename)


@login_required
def dashboard(request):
    """The ministry's view of one evaluation (default: the latest that succeeded)."""
    _ministry_only(request)
    evaluations = list(
        MonitoringEvaluation.objects.filter(status=MonitoringEvaluation.Status.SUCCEEDED).order_by(
            "-year", "-finished", "-pk"
        )[:50]
    )
    evaluation = None
    chosen = request.GET.get("evaluation", "")
    if chosen:
        if read_id(chosen) is None:
            raise Http404
        evaluation = get_object_or_404(MonitoringEvaluation.objects.all(), pk=read_id(chosen))
    elif evaluations:
        evaluation = evaluations[0]
    context = {"evaluations": evaluations, "evaluation": evaluation}
    if evaluation is not None:
        figures = selectors.dashboard_figures(evaluation=evaluation)
        labels = dict(Recommendation.choices)
        decided = [(value, labels[value]) for value in Recommendation.values] + [(None, _("Not decided"))]
        figures["decision_table"] = [
            (
                labels[recommendation],
                [figures["decision_pairs"].get((recommendation, value), 0) for value, _l in decided],
            )
            for recommendation in Recommendation.values
        ]
        figures["decision_columns"] = [label for _v, label in decided]
        for row in figures["by_rule"]:
            row["label"] = monitoring_reports.warning_label(row["rule"])
        context.update(figures)
        context["chart_data"] = {
            "grades": {
                "labels": [row["grade"] for row in figures["grades"]],
                "values": [row["clusters"] for row in figures["grades"]],
            },
            "provinces": {
                "labels": [str(row["region"] or row["province"]) for row in figures["by_province"]],
                "values": [row["warnings"] for row in figures["by_province"]],
            },
            "fields": {
                "labels": [str(row["field"] or row["cluster__field_id"]) for row in figures["by_field"]],
                "values": [row["warnings"] for row in figures["by_field"]],
            },
            "titles": {
                "grades": _("Grade distribution"),
                "provinces": _("Warnings by province"),
                "fields": _("Warnings by industry field"),
            },
        }
    return render(request, "monitoring/adjustment/dashboard.html", context)
