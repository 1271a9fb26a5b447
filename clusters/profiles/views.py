from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from clusters.models import ChainLink, Cluster, Milestone
from clusters.profiles import services
from clusters.profiles.forms import (
    ChainLinkForm,
    ClusterProfileForm,
    ClusterRegisterForm,
    GovernanceForm,
    MilestoneForm,
    TierForm,
)
from clusters.profiles.sections import cluster_sections
from clusters.profiles.selectors import in_jurisdiction, public_register, register_designation, visible_clusters
from clusters.profiles.tables import CLUSTER_SORTS, REGISTER_SORTS
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.models import IndustryField, Region

PAGE_SIZE = 25


def filter_clusters(request, clusters):
    """Search and filters shared by the cluster list and the public register."""
    query = request.GET.get("q", "").strip()
    if query:
        clusters = clusters.filter(Q(name__icontains=query) | Q(name_en__icontains=query))
    tier = request.GET.get("tier", "")
    if tier in Cluster.Tier.values:
        clusters = clusters.filter(tier=tier)
    field = request.GET.get("field", "")
    if field:
        clusters = clusters.filter(field_id=field)
    region = Region.objects.filter(code=request.GET.get("region", "")).first()
    if region is not None:
        clusters = clusters.filter(in_jurisdiction(region.jurisdiction_prefix))
    filters = {"query": query, "tier": tier, "field": field, "region": region.code if region else ""}
    return clusters, filters


def filter_choices():
    return {
        "tiers": Cluster.Tier.choices,
        "fields": IndustryField.objects.all(),
        "provinces": Region.objects.filter(level="province"),
    }


@login_required
def cluster_list(request):
    clusters, filters = filter_clusters(request, visible_clusters())
    sorting = CLUSTER_SORTS.read(request)
    page = Paginator(sorting.apply(clusters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "sorting": sorting, **filters, **filter_choices()}
    return render(request, "clusters/cluster_list.html", context)


# A new body's errors as the service names them -> the register form's fields.
REGISTER_ERROR_FIELDS = {"body_admin_username": "admin_username", "body_admin_email": "admin_email"}


@login_required
@require_http_methods(["GET", "POST"])
def cluster_register(request):
    """The ministry registers a cluster with its promotion body (an existing one, or a new one whose first
    administrator is invited)."""
    if not request.user.has_perm("clusters.add_cluster"):
        raise PermissionDenied
    form = ClusterRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_register(
                by=request.user,
                regions=form.regions_in_order(),
                promotion_body=form.cleaned_data["promotion_body"],
                body={name: form.cleaned_data[f"body_{name}"] for name in ("name", "name_en", "slug")},
                admin=form.admin(),
                language=request.LANGUAGE_CODE,
                **form.cluster_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename=REGISTER_ERROR_FIELDS)
        else:
            messages.success(request, _("%(cluster)s was registered.") % {"cluster": cluster.name})
            return redirect("cluster-detail", cluster.pk)
    return render(request, "clusters/cluster_register.html", {"form": form})


@login_required
def cluster_detail(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    chain_links = (
        ChainLink.objects.filter(cluster=cluster)
        .select_related("category")
        .annotate(member_count=Count("members"))
        .order_by("position", "pk")  # Meta.ordering does not hold in a GROUP BY query
    )
    milestones = Milestone.objects.filter(cluster=cluster).order_by(F("year").asc(nulls_first=True), "pk")
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "chain_links": chain_links,
            "milestones": milestones,
            "can_edit": request.user.has_perm("clusters.change_cluster", cluster),
            "can_set_tier": request.user.has_perm("clusters.change_cluster_tier", cluster),
            "can_govern": request.user.has_perm("clusters.govern_cluster", cluster),
            "sections": cluster_sections(request, cluster),
        },
    )


@login_required
def cluster_history(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    return render(
        request,
        "history.html",
        {"object": cluster, "entries": history_entries(cluster), "back_url": "cluster-detail", "back_pk": cluster.pk},
    )


def _cluster_for_change(request, pk, perm="clusters.change_cluster"):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    if not request.user.has_perm(perm, cluster):
        raise PermissionDenied
    return cluster


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk):
    cluster = _cluster_for_change(request, pk)
    form = ClusterProfileForm(request.POST or None, instance=cluster, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS if name in form.fields}
        regions = list(form.cleaned_data["regions"]) if "regions" in form.fields else None
        try:
            services.cluster_update_profile(cluster=cluster, by=request.user, regions=regions, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("cluster-detail", pk=cluster.pk)
    return render(request, "clusters/cluster_form.html", {"form": form, "cluster": cluster, "title": _("Edit profile")})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_tier(request, pk):
    cluster = _cluster_for_change(request, pk, "clusters.change_cluster_tier")
    form = TierForm(request.POST or None, initial={"tier": cluster.tier})
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_set_tier(cluster=cluster, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The tier was changed."))
            return redirect("cluster-detail", pk=cluster.pk)
    return render(request, "clusters/cluster_form.html", {"form": form, "cluster": cluster, "title": _("Change tier")})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_governance(request, pk):
    """The ministry's settings of a cluster: regions, public flag, promotion body (the tier has its own page)."""
    cluster = _cluster_for_change(request, pk, "clusters.govern_cluster")
    form = GovernanceForm(request.POST if request.method == "POST" else None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        regions = sorted(data["regions"], key=lambda region: _position(form, region))
        try:
            services.cluster_govern(
                cluster=cluster,
                by=request.user,
                reason=data["reason"],
                regions=regions,
                is_public=data["is_public"],
                promotion_body=data["promotion_body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cluster's governance settings were saved."))
            return redirect("cluster-detail", pk=cluster.pk)
    return render(
        request,
        "clusters/cluster_governance.html",
        {"form": form, "cluster": cluster, "title": pgettext("cluster settings", "Governance")},
        status=400 if form.errors else 200,
    )


def _position(form, region):
    """Regions kept in their order (the first is the cluster's main region), new ones after them."""
    current = form.initial["regions"]
    return (current.index(region.code), "") if region.code in current else (len(current), region.code)


def _part_form(request, cluster, form_class, instance, save, title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cluster-detail", pk=cluster.pk)
    return render(request, "clusters/cluster_form.html", {"form": form, "cluster": cluster, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def chain_link_edit(request, pk, link_pk=None):
    cluster = _cluster_for_change(request, pk)
    link = get_object_or_404(ChainLink.objects, pk=link_pk, cluster=cluster) if link_pk else ChainLink(cluster=cluster)
    title = _("Edit chain link") if link_pk else _("Add a chain link")
    return _part_form(
        request, cluster, ChainLinkForm, link, lambda obj: services.chain_link_save(chain_link=obj), title
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk, milestone_pk=None):
    cluster = _cluster_for_change(request, pk)
    milestone = (
        get_object_or_404(Milestone.objects, pk=milestone_pk, cluster=cluster)
        if milestone_pk
        else Milestone(cluster=cluster)
    )
    title = _("Edit milestone") if milestone_pk else _("Add a milestone")
    return _part_form(
        request, cluster, MilestoneForm, milestone, lambda obj: services.milestone_save(milestone=obj), title
    )


@login_required
@require_http_methods(["GET", "POST"])
def cluster_part_delete(request, pk, kind, part_pk):
    """GET asks for confirmation; POST deletes a chain link or a milestone."""
    cluster = _cluster_for_change(request, pk)
    model, delete = {
        "chain-link": (ChainLink, lambda part: services.chain_link_delete(chain_link=part)),
        "milestone": (Milestone, lambda part: services.milestone_delete(milestone=part)),
    }[kind]
    part = get_object_or_404(model.objects, pk=part_pk, cluster=cluster)
    if request.method == "POST":
        delete(part)
        messages.success(request, _("%(name)s was deleted.") % {"name": part})
        return redirect("cluster-detail", pk=cluster.pk)
    return render(request, "clusters/confirm_delete.html", {"cluster": cluster, "object": part})


def register_shown(request):
    """The register's clusters for the request's search, filters and sort (every page; the export of a signed-in
    user reads it too): (clusters, the filters, the sorting)."""
    clusters, filters = filter_clusters(request, public_register())
    sorting = REGISTER_SORTS.read(request)
    return sorting.apply(clusters), filters, sorting


def register_list(request):
    """The public register of national-level clusters: anyone may search it."""
    clusters, filters, sorting = register_shown(request)
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    for cluster in page.object_list:
        cluster.designation = register_designation(cluster)
    context = {"page": page, "sorting": sorting, **filters, **filter_choices()}
    return render(request, "clusters/register_list.html", context)


def register_detail(request, pk):
    cluster = get_object_or_404(public_register(), pk=pk)
    cluster.designation = register_designation(cluster)
    return render(request, "clusters/register_detail.html", {"cluster": cluster})
