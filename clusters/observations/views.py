"""Pages of the observation platform: a cluster's indicators (table, time series, add / edit / delete,
evidence, exports), the comparison of clusters on one indicator, and the six-mechanism diagnostic."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusters.diagnostic.axes import diagnose
from clusters.diagnostic.selectors import diagnostic_inputs
from clusters.models import Cluster, Indicator, Observation
from clusters.observations import selectors
from clusters.observations import services as platform
from clusters.observations.api.views import evidence_response
from clusters.observations.forms import ObservationForm, ReviewForm
from clusters.observations.tables import QUEUE_SORTS
from clusters.profiles.selectors import visible_clusters
from clusters.quality.selectors import quality_findings
from tenancy.errors import Refusal
from tenancy.filters import parse_ids, read_year
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.paging import CappedPaginator

TABLE_YEARS = 12  # the page shows the latest years; the exports hold every year


def _cluster(pk):
    return get_object_or_404(visible_clusters(), pk=pk)


def _cluster_to_write(request, pk):
    cluster = _cluster(pk)
    if not request.user.has_perm("clusters.record_observations", cluster):
        raise PermissionDenied
    return cluster


def _observation(cluster, observation_pk):
    return get_object_or_404(
        Observation.objects.select_related("indicator", "cluster"), pk=observation_pk, cluster=cluster
    )


@login_required
def cluster_indicators(request, pk):
    cluster = _cluster(pk)
    table = selectors.observation_table(cluster=cluster, max_years=TABLE_YEARS)
    return render(
        request,
        "clusters/observations/cluster_indicators.html",
        {
            "cluster": cluster,
            "table": table,
            "can_write": request.user.has_perm("clusters.record_observations", cluster),
            "categories": Indicator.Category.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_add(request, pk):
    cluster = _cluster_to_write(request, pk)
    initial = {}
    indicator = Indicator.objects.filter(code=request.GET.get("indicator", "")).first()
    if indicator:
        initial["indicator"] = indicator
    if year := read_year(request.GET.get("year")):
        initial["year"] = year
    posted = request.method == "POST"
    form = ObservationForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    del form.fields["clear_evidence"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            platform.observation_create(
                cluster=cluster,
                indicator=data["indicator"],
                year=data["year"],
                value=data["value"],
                source=data["source"],
                evidence=data["evidence"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value was recorded."))
            return redirect("cluster-indicators", pk=cluster.pk)
    return render(
        request,
        "clusters/observations/observation_form.html",
        {"form": form, "cluster": cluster, "title": _("Record a value")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_edit(request, pk, observation_pk):
    cluster = _cluster(pk)
    observation = _observation(cluster, observation_pk)
    if not request.user.has_perm("clusters.change_observation", observation):
        raise PermissionDenied
    refused = _refused(request, observation, "change")
    if refused:
        return refused
    posted = request.method == "POST"
    form = ObservationForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={
            "indicator": observation.indicator,
            "year": observation.year,
            "value": selectors.format_value(observation.value),
            "source": observation.source,
        },
    )
    if not observation.evidence:
        del form.fields["clear_evidence"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            platform.observation_update(
                observation=observation,
                indicator=data["indicator"],
                year=data["year"],
                value=data["value"],
                source=data["source"],
                evidence=data["evidence"],
                clear_evidence=data.get("clear_evidence", False),
                by=request.user,
            )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value was changed."))
            return redirect("cluster-indicators", pk=cluster.pk)
    return render(
        request,
        "clusters/observations/observation_form.html",
        {"form": form, "cluster": cluster, "observation": observation, "title": _("Change a value")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_delete(request, pk, observation_pk):
    """GET asks for confirmation; POST deletes."""
    cluster = _cluster(pk)
    observation = _observation(cluster, observation_pk)
    if not request.user.has_perm("clusters.delete_observation", observation):
        raise PermissionDenied
    refused = _refused(request, observation, "delete")
    if refused:
        return refused
    if request.method == "POST":
        platform.observation_delete(observation=observation, by=request.user)
        messages.success(request, _("The value was deleted."))
        return redirect("cluster-indicators", pk=cluster.pk)
    return render(
        request,
        "clusters/observations/observation_confirm_delete.html",
        {"cluster": cluster, "observation": observation, "value": selectors.format_value(observation.value)},
    )


def _refused(request, observation, step):
    """A step the observation's state does not allow: its message, back on the observation's page."""
    refusal = platform.observation_refusal(observation, step)
    if refusal is None:
        return None
    messages.error(request, refusal.message)
    return redirect("observation-detail", pk=observation.cluster_id, observation_pk=observation.pk)


@login_required
def observation_detail(request, pk, observation_pk):
    """One value: its state, the government's comment, and the workflow's buttons for who may press them."""
    cluster = _cluster(pk)
    observation = _observation(cluster, observation_pk)
    user = request.user
    allowed = {
        "change": user.has_perm("clusters.change_observation", observation),
        "delete": user.has_perm("clusters.delete_observation", observation),
        "submit": user.has_perm("clusters.submit_observation", observation),
        "verify": user.has_perm("clusters.verify_observation", observation),
        "return": user.has_perm("clusters.verify_observation", observation),
    }
    can = {step: ok and platform.observation_refusal(observation, step) is None for step, ok in allowed.items()}
    return render(
        request,
        "clusters/observations/observation_detail.html",
        {
            "cluster": cluster,
            "observation": observation,
            "value": selectors.format_value(observation.value),
            "can": can,
            "review_form": ReviewForm(),
        },
    )


REVIEW_STEPS = {
    "submit": (platform.observation_submit, _("The value was submitted for verification.")),
    "verify": (platform.observation_verify, _("The value was verified.")),
    "return": (platform.observation_return, _("The value was returned to the promotion body.")),
}


def _review(request, pk, observation_pk, step):
    """POST only: one step of the workflow (the same service as the API's action); back to where it came from."""
    cluster = _cluster(pk)
    observation = _observation(cluster, observation_pk)
    service, done = REVIEW_STEPS[step]
    perm = "clusters.submit_observation" if step == "submit" else "clusters.verify_observation"
    if not request.user.has_perm(perm, observation):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    form.is_valid()
    kwargs = {} if step == "submit" else {"comment": form.cleaned_data.get("comment", "")}
    try:
        service(observation=observation, by=request.user, **kwargs)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    back = request.POST.get("next", "")
    if back == "queue":
        return redirect("observation-queue")
    return redirect("observation-detail", pk=cluster.pk, observation_pk=observation.pk)


@login_required
@require_POST
def observation_submit(request, pk, observation_pk):
    return _review(request, pk, observation_pk, "submit")


@login_required
@require_POST
def observation_verify(request, pk, observation_pk):
    return _review(request, pk, observation_pk, "verify")


@login_required
@require_POST
def observation_return(request, pk, observation_pk):
    return _review(request, pk, observation_pk, "return")


QUEUE_PAGE = 50


def queue_shown(request):
    """The values of the verification queue for the request's `?status=` and sort (every one; the export reads it
    too), and the status."""
    if not request.user.has_perm("clusters.verify_observations"):
        raise PermissionDenied
    status = request.GET.get("status", Observation.Status.SUBMITTED)
    if status != "all" and status not in Observation.Status.values:
        status = Observation.Status.SUBMITTED
    return QUEUE_SORTS.read(request).apply(selectors.review_queue(status=None if status == "all" else status)), status


@login_required
def observation_queue(request):
    """The government's (and the ministry's) queue: submitted values of the clusters it verifies, by cluster;
    `?status=` lists another state (every state with `?status=all`)."""
    rows, status = queue_shown(request)
    number = request.GET.get("page")
    page = CappedPaginator(rows, QUEUE_PAGE, number=number).get_page(number)
    shown = list(page.object_list)
    findings = Counter(
        f.observation_id for f in quality_findings(clusters={o.cluster_id: o.cluster for o in shown}.values())
    )
    return render(
        request,
        "clusters/observations/observation_queue.html",
        {
            "rows": [(o, selectors.format_value(o.value), findings.get(o.pk, 0)) for o in shown],
            "page": page,
            "sorting": QUEUE_SORTS.read(request),
            "total": page.paginator.count_shown,
            "status": status,
            "statuses": Observation.Status.choices,
            "review_form": ReviewForm(),
        },
    )


@login_required
def observation_evidence(request, pk, observation_pk):
    return evidence_response(_observation(_cluster(pk), observation_pk))


@login_required
def observation_history(request, pk, observation_pk):
    cluster = _cluster(pk)
    observation = _observation(cluster, observation_pk)
    return render(
        request,
        "history.html",
        {
            "object": observation,
            "entries": history_entries(observation),
            "back_url": "cluster-indicators",
            "back_pk": cluster.pk,
        },
    )


def _comparison_request(request):
    """(clusters, indicator, chosen ids, error). An id the viewer may not see is a 404."""
    raw = ",".join(request.GET.getlist("clusters"))
    try:
        ids = parse_ids([raw])
    except ValueError:
        return [], None, [], _("Give the clusters as numbers separated by commas, e.g. clusters=1,2,3.")
    code = request.GET.get("indicator", "") or "revenue"
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return [], None, ids, _("There is no indicator with the code “%(code)s”.") % {"code": code}
    if len(ids) > selectors.MAX_COMPARED_CLUSTERS:
        return (
            [],
            indicator,
            ids,
            _("Compare at most %(max)d clusters at a time; you chose %(count)d.")
            % {"max": selectors.MAX_COMPARED_CLUSTERS, "count": len(ids)},
        )
    clusters = selectors.clusters_to_compare(ids)
    if len(clusters) != len(ids):
        raise Http404
    return clusters, indicator, ids, None


@login_required
def cluster_compare(request):
    clusters, indicator, ids, error = _comparison_request(request)
    result = selectors.comparison(clusters=clusters, indicator=indicator) if clusters and indicator else None
    chart = None
    if result:
        chart = {
            "years": result.years,
            "unit": indicator.unit,
            "series": [
                {"name": cluster.display_name, "values": [None if v is None else float(v) for v in values]}
                for cluster, values in result.rows()
            ],
        }
    return render(
        request,
        "clusters/observations/cluster_compare.html",
        {
            "result": result,
            "chart": chart,
            "error": error,
            "indicator": indicator,
            "chosen": ids,
            "choices": Cluster.objects.order_by("name").only("pk", "name", "name_en"),
            "indicators": selectors.indicator_catalogue(),
            "max_clusters": selectors.MAX_COMPARED_CLUSTERS,
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )


@login_required
def cluster_diagnostic(request, pk):
    cluster = _cluster(pk)
    inputs = diagnostic_inputs(cluster=cluster)
    axes = diagnose(inputs)
    radar = {
        "indicators": [
            {"name": str(axis.label) if axis.score is not None else f"{axis.label} ({_('no data')})", "max": 100}
            for axis in axes
        ],
        "values": [axis.score if axis.score is not None else 0 for axis in axes],
        "name": cluster.display_name,
    }
    return render(
        request,
        "clusters/observations/cluster_diagnostic.html",
        {"cluster": cluster, "axes": axes, "inputs": inputs, "radar": radar},
    )
