"""Pages of the evaluation runs (the ministry's): the runs of every round with their status and digest, starting a
run (after a confirmation) with a live progress bar, the ranking per track with the method explained, one entry's
explanation (every number, per criterion and per expert), the Excel export, and the comparison of two runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.competitions import selectors as competition_selectors
from evaluations.models import EvaluationRun, Result, Round, Track
from evaluations.review import services as review_services
from evaluations.runs import selectors
from evaluations.runs import services as run_services
from evaluations.runs.forms import RunStartForm
from evaluations.runs.tables import RESULT_SORTS, RUN_SORTS
from tenancy.errors import Refusal
from tenancy.filters import read_id
from tenancy.forms import add_service_errors

RUNS_PER_PAGE = 25
RESULTS_PER_PAGE = 50


def _require_reader(request):
    if not request.user.has_perm("evaluations.view_evaluation_runs"):
        raise PermissionDenied


def _run(pk):
    return get_object_or_404(selectors.visible_runs(), pk=pk)


def runs_shown(request):
    """The runs for the request's round filter (every page; the export reads it too), and the round."""
    _require_reader(request)
    runs = selectors.visible_runs()
    round_ = None
    chosen = read_id(request.GET.get("round"))
    if chosen:
        round_ = get_object_or_404(Round.objects.select_related("competition"), pk=chosen)
        runs = runs.filter(round=round_)
    return RUN_SORTS.read(request).apply(runs), round_


@login_required
def run_list(request):
    runs, round_ = runs_shown(request)
    sorting = RUN_SORTS.read(request)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/runs/list.html",
        {
            "page": page,
            "sorting": sorting,
            "round": round_,
            "rounds": competition_selectors.visible_rounds(),
            "can_start": request.user.has_perm("evaluations.run_evaluation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_start(request, pk):
    """The confirmation: the entries still short of reviews (with their outstanding experts) and, when there are
    any, the written reason the ministry gives to run anyway."""
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    if not request.user.has_perm("evaluations.run_evaluation"):
        raise PermissionDenied
    form = RunStartForm(request.POST if request.method == "POST" else None)
    errors = []
    corrected = competition_selectors.published_run(round_)  # a run of a frozen round corrects its published result
    reason = request.POST.get("correction_reason", "")
    if request.method == "POST" and form.is_valid():
        try:
            run = run_services.run_start(
                round=round_,
                by=request.user,
                override_reason=form.cleaned_data["override_reason"],
                correction_reason=reason,
            )
        except Refusal as exc:
            errors = [exc.message]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluation run is recorded and queued."))
            return redirect("evaluation-run-detail", pk=run.pk)
    outstanding = selectors.reviews_outstanding(round_=round_)
    return render(
        request,
        "evaluations/runs/start.html",
        {
            "round": round_,
            "errors": errors,
            "form": form,
            "outstanding": _outstanding_rows(outstanding),
            "override_min": run_services.OVERRIDE_REASON_MIN,
            "corrected": corrected,
            "correction_reason": reason,
        },
        status=400 if errors or form.errors else 200,
    )


def _outstanding_rows(rows):
    """`reviews_outstanding` rows with their labels, for the pages."""
    return [
        {
            **row,
            "label": run_services.entry_label(row),
            "experts": [{**e, "state_label": run_services.expert_state_label(e)} for e in row["experts"]],
        }
        for row in rows
    ]


def _excluded_rows(run):
    return [
        {
            **row,
            "reason": "; ".join(review_services.conflict_reason_label(code) for code in row.get("reasons") or ()),
        }
        for row in run.excluded_reviews or ()
    ]


def run_results_shown(request, run):
    """A run's results for the request's track and sort (every page; the export reads it too): (results, the track's
    id or None, the sorting). Without ?sort= each track's results in rank order."""
    results = selectors.run_results(run=run)
    track = read_id(request.GET.get("track"))
    if track:
        results = results.filter(track_id=track)
    sorting = RESULT_SORTS.read(request)
    return sorting.apply(results), track, sorting


@login_required
def run_detail(request, pk):
    run = _run(pk)
    results, track, sorting = run_results_shown(request, run)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    tracks = Track.objects.filter(competition_id=run.round.competition_id).select_related("field")
    criteria = selectors.run_criteria(run=run)
    return render(
        request,
        "evaluations/runs/detail.html",
        {
            "run": run,
            "page": page,
            "sorting": sorting,
            "tracks": tracks,
            "track": track,
            "criteria": criteria,
            "method_facts": _method_facts(run, criteria),
            "can_start": request.user.has_perm("evaluations.run_evaluation"),
            "other_runs": selectors.visible_runs().filter(round_id=run.round_id).exclude(pk=run.pk)[:20],
            "reviews_missing": _outstanding_rows(run.reviews_missing or []),
            "excluded": _excluded_rows(run),
            "corrections": selectors.visible_runs().filter(correction_of=run).order_by("pk"),
            "frozen": competition_selectors.round_frozen(run.round),
        },
    )


@login_required
def run_progress(request, pk):
    run = _run(pk)
    response = render(
        request,
        "includes/job_progress.html",
        {"job": run, "status_url": reverse("evaluation-run-progress", args=[run.pk])},
    )
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the ranking
    return response


def _method_facts(run, criteria):
    """The run's settings of the method (method 2 runs): the standardisation minimum, how many experts were
    standardised, and each indicator criterion's reference range."""
    summary = run.summary or {}
    if "standardise_from" not in summary:
        return None
    names = {str(criterion.pk): criterion.display_name for criterion in criteria}
    treatments = [item.get("treatment") for item in summary.get("expert_treatment", {}).values()]
    references = [
        {**reference, "name": names.get(pk, f"#{pk}")}
        for pk, reference in summary.get("indicator_references", {}).items()
    ]
    return {
        "unreferenced": [reference["name"] for reference in references if reference.get("source") == "none"],
        "standardise_from": summary["standardise_from"],
        "standardised": treatments.count("standardised"),
        "raw": treatments.count("raw"),
        "references": references,
    }


def _explained_criteria(result, criteria, summary, experts):
    """The breakdown's rows joined with the criteria's names and the experts' names, statistics and treatment
    (standardised or raw)."""
    by_id = {criterion.pk: criterion for criterion in criteria}
    treatments = {item.get("expert"): item for item in result.breakdown.get("experts", [])}
    rows = []
    for item in result.breakdown.get("criteria", []):
        row = dict(item)
        row["criterion_obj"] = by_id.get(item["criterion"])
        if item["kind"] == "expert":
            stats = summary.get("criteria", {}).get(str(item["criterion"]), {})
            row["mean_all"], row["sd_all"] = stats.get("mean"), stats.get("sd")
            row["scores"] = []
            for position, expert_id in enumerate(item["experts"]):
                expert_stats = summary.get("expert_stats", {}).get(str(expert_id), {}).get(str(item["criterion"]))
                row["scores"].append(
                    {
                        "expert": experts.get(expert_id, f"#{expert_id}"),
                        "treatment": treatments.get(expert_id),
                        "raw": item["raw"][position],
                        "expert_n": expert_stats[0] if expert_stats else None,
                        "expert_mean": expert_stats[1] if expert_stats else None,
                        "expert_sd": expert_stats[2] if expert_stats else None,
                        "z": item["z"][position],
                        "normalised": item["normalised"][position],
                        "trimmed": (
                            "low"
                            if expert_id == item.get("trimmed_low")
                            else "high"
                            if expert_id == item.get("trimmed_high")
                            else ""
                        ),
                    }
                )
        else:
            row["reference"] = summary.get("indicator_references", {}).get(str(item["criterion"]), {})
        rows.append(row)
    return rows


@login_required
def result_detail(request, pk, result_pk):
    run = _run(pk)
    result = get_object_or_404(
        Result.objects.filter(run=run).select_related("submission__cluster", "track__field"), pk=result_pk
    )
    expert_ids = {e for item in result.breakdown.get("criteria", []) for e in item.get("experts", [])}
    experts = selectors.expert_names(ids=expert_ids)
    criteria = selectors.run_criteria(run=run)
    treatments = [
        {**item, "name": experts.get(item.get("expert"), f"#{item.get('expert')}")}
        for item in result.breakdown.get("experts", [])
    ]
    return render(
        request,
        "evaluations/runs/result.html",
        {
            "run": run,
            "result": result,
            "rows": _explained_criteria(result, criteria, run.summary or {}, experts),
            "treatments": treatments,
            "method_facts": _method_facts(run, criteria),
        },
    )


@login_required
def run_compare(request):
    _require_reader(request)
    runs = selectors.visible_runs()
    first_pk, second_pk = read_id(request.GET.get("a")), read_id(request.GET.get("b"))
    first = get_object_or_404(runs, pk=first_pk) if first_pk else None
    second = get_object_or_404(runs, pk=second_pk) if second_pk else None
    differences = []
    if first is not None and second is not None:
        fields = ("rank", "total", "advanced")
        mine = {result.submission_id: result for result in selectors.run_results(run=first)}
        theirs = selectors.run_results(run=second)
        seen = set()
        for result in theirs:
            seen.add(result.submission_id)
            other = mine.get(result.submission_id)
            if other is None or any(getattr(other, f) != getattr(result, f) for f in fields):
                differences.append({"cluster": result.submission.cluster.name, "first": other, "second": result})
        differences += [
            {"cluster": f"#{pk}", "first": result, "second": None} for pk, result in mine.items() if pk not in seen
        ]
    return render(
        request,
        "evaluations/runs/compare.html",
        {
            "first": first,
            "second": second,
            "same_inputs": first is not None and second is not None and first.digest == second.digest != "",
            "differences": differences[:200],
            "difference_count": len(differences),
            "runs": runs.filter(status=EvaluationRun.Status.SUCCEEDED)[:100],
        },
    )
