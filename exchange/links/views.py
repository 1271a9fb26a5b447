"""Pages of collaborations between clusters: the list (filters, search, sort, export), a proposal form, a
collaboration with its history and steps, each step's confirmation page, and the network of clusters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from clusters.models import Cluster
from exchange.links import selectors, services
from exchange.links.forms import LinkForm, StepForm
from exchange.links.models import ClusterLink
from exchange.links.network import cluster_network, cluster_rows, find_clusters, network_elements, pair_table
from exchange.links.tables import LINK_SORTS
from tenancy.errors import Refusal
from tenancy.filters import read_id
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.visibility import Viewer

PAGE_SIZE = 25

# Each step: the rule, the service, whether it needs a reason, and its words.
STEPS = {
    "confirm": {
        "service": lambda link, by, reason: services.link_confirm(link=link, by=by),
        "reason_required": False,
        "reason_offered": False,
        "title": gettext_lazy("Confirm the collaboration"),
        "explanation": gettext_lazy(
            "Confirming says that your member takes part in this collaboration: it then counts in the network of "
            "clusters, and the proposing body is notified."
        ),
        "button": gettext_lazy("Confirm"),
        "done": gettext_lazy("The collaboration is confirmed."),
    },
    "refuse": {
        "service": lambda link, by, reason: services.link_refuse(link=link, by=by, reason=reason),
        "reason_required": True,
        "reason_offered": True,
        "title": gettext_lazy("Refuse the collaboration"),
        "explanation": gettext_lazy("Say why: the proposing body is notified with your reason."),
        "button": gettext_lazy("Refuse"),
        "done": gettext_lazy("The collaboration is refused."),
    },
    "withdraw": {
        "service": lambda link, by, reason: services.link_withdraw(link=link, by=by, reason=reason),
        "reason_required": False,
        "reason_offered": True,
        "title": gettext_lazy("Withdraw the collaboration"),
        "explanation": gettext_lazy(
            "A pending collaboration is withdrawn; a confirmed one ends and leaves the network of clusters. The "
            "other body is notified."
        ),
        "button": gettext_lazy("Withdraw"),
        "done": gettext_lazy("The collaboration is withdrawn."),
    },
}


def _require_links(request):
    if not request.user.has_perm("exchange.view_clusterlinks"):
        raise PermissionDenied


# The list --------------------------------------------------------------------------------------------------------


def links_shown(request):
    """The collaborations the list shows for the request's filters (the page and its export share it), and the
    filters read."""
    viewer = Viewer.for_user(request.user)
    status = request.GET.get("status", "")
    status = status if status in ClusterLink.Status.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in ClusterLink.Kind.values else ""
    direction = request.GET.get("direction", "")
    direction = direction if direction in selectors.DIRECTIONS else ""
    cluster = read_id(request.GET.get("cluster"))
    query = request.GET.get("q", "").strip()[:100]
    links = selectors.filter_links(
        selectors.visible_links(),
        viewer=viewer,
        status=status,
        kind=kind,
        cluster=cluster,
        direction=direction,
        query=query,
    )
    filters = {"status": status, "kind": kind, "direction": direction, "cluster": cluster, "query": query}
    return LINK_SORTS.read(request).apply(links), filters


@login_required
@require_safe
def link_list(request):
    _require_links(request)
    links, filters = links_shown(request)
    page = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    viewer = Viewer.for_user(request.user)
    return render(
        request,
        "exchange/links/link_list.html",
        {
            "page": page,
            "sorting": LINK_SORTS.read(request),
            "filters": filters,
            "filtered": any(filters.values()),
            "statuses": ClusterLink.Status.choices,
            "kinds": ClusterLink.Kind.choices,
            "clusters": Cluster.objects.order_by("name").only("id", "name", "name_en"),
            "is_body": viewer.is_cluster_body,
            "can_add": request.user.has_perm("exchange.add_clusterlink"),
            "can_see_network": request.user.has_perm("exchange.view_cluster_network"),
        },
    )


# Proposing -------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def link_add(request):
    """A body's editor proposes a collaboration from a member of one of its clusters (`?cluster=`, by default its
    first) to a member of another cluster."""
    if not request.user.has_perm("exchange.add_clusterlink"):
        raise PermissionDenied
    viewer = Viewer.for_user(request.user)
    own = list(Cluster.objects.filter(promotion_body_id=viewer.organisation_id).order_by("name", "pk"))
    chosen = read_id(request.GET.get("cluster"))
    cluster = next((c for c in own if c.pk == chosen), own[0] if own else None)
    if cluster is None:
        messages.error(request, _("Your organisation promotes no cluster, so it has no member to propose from."))
        return redirect("cluster-link-list")
    form = LinkForm(
        request.POST if request.method == "POST" else None,
        cluster=cluster,
        clusters=selectors.nameable_clusters().exclude(pk=cluster.pk),
        suggest_url=reverse("cluster-member-suggest", args=[cluster.pk]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_propose(by=request.user, **form.cleaned_data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            if link.status == ClusterLink.Status.CONFIRMED:
                messages.success(request, _("The collaboration is recorded and confirmed: your body promotes both."))
            else:
                messages.success(request, _("The collaboration is proposed: the other cluster's body is asked."))
            return redirect("cluster-link-detail", pk=link.pk)
    return render(
        request,
        "exchange/links/link_form.html",
        {"form": form, "cluster": cluster, "own_clusters": own},
        status=400 if request.method == "POST" else 200,
    )


# A collaboration -------------------------------------------------------------------------------------------------


def _link(pk):
    return get_object_or_404(selectors.link_for_detail(), pk=pk)


@login_required
@require_safe
def link_detail(request, pk):
    link = _link(pk)
    return render(
        request,
        "exchange/links/link_detail.html",
        {"link": link, "steps": services.offered_steps(request.user, link), "history": history_entries(link)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_step(request, pk, step):
    """GET asks for confirmation of the step (with a reason where it takes one); POST takes it."""
    link = _link(pk)
    spec = STEPS[step]
    if not request.user.has_perm(services.STEP_PERMISSIONS[step], link):
        raise PermissionDenied
    if request.method == "GET" and (refusal := services.link_refusal(link, step)):
        messages.error(request, refusal.message)
        return redirect("cluster-link-detail", pk=link.pk)
    form = StepForm(request.POST if request.method == "POST" else None, reason_required=spec["reason_required"])
    if not spec["reason_offered"]:
        del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        try:
            spec["service"](link, request.user, form.cleaned_data.get("reason", ""))
        except Refusal as exc:
            messages.error(request, exc.message)
            return redirect("cluster-link-detail", pk=link.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, spec["done"])
            return redirect("cluster-link-detail", pk=link.pk)
    return render(
        request,
        "exchange/links/link_step.html",
        {"link": link, "form": form, "step": step, "texts": spec},
        status=400 if request.method == "POST" else 200,
    )


# The network of clusters -----------------------------------------------------------------------------------------


def _require_network(request):
    if not request.user.has_perm("exchange.view_cluster_network"):
        raise PermissionDenied


@login_required
@require_safe
def network_page(request):
    """The ministry's national network of clusters (a government's: the clusters it may read)."""
    _require_network(request)
    network = cluster_network()
    rows = cluster_rows(network)
    return render(
        request,
        "exchange/links/network.html",
        {
            "network": network,
            "figures": network.figures,
            "rows": rows[:20],
            "central": sorted(rows, key=lambda row: (-row["betweenness"], row["cluster"].pk))[:10],
            "pairs": pair_table(network)[:20],
            "national": Viewer.for_user(request.user).is_national,
            "graph_labels": {
                "community": _("community"),
                "other": _("other"),
                "none": _("none"),
                "otherCommunities": _("smaller communities"),
                "legend": _("Colour: %(colour)s · size: %(size)s"),
                "found": _("%(name)s and its %(count)s neighbours are highlighted."),
                "foundIn": _("%(name)s and its %(count)s neighbours are highlighted."),
                "noMatch": _("No cluster of this network has “%(text)s” in its name."),
                "edgesCut": _("The %(shown)s heaviest of %(total)s edges are drawn."),
            },
        },
    )


@login_required
@require_safe
def network_graph(request):
    """The drawing's elements (a node per cluster with a partner, an edge per pair), or with `?find=` the clusters
    whose name holds the text."""
    _require_network(request)
    network = cluster_network()
    if "find" in request.GET:
        return JsonResponse({"matches": find_clusters(network, request.GET["find"])})
    return JsonResponse(network_elements(network, only_linked=request.GET.get("all") != "1"))
