"""Pages of a cluster's members and collaborations: list, detail, add, edit, delete (with confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusters.members import services
from clusters.members.filters import DESIGNATIONS, YEAR_FIGURES, CollaborationFilter, MemberFilter
from clusters.members.forms import MEMBER_LABEL_SEPARATOR, CollaborationForm, MemberForm, member_label
from clusters.members.models import FIGURE_FIELDS
from clusters.members.registry import credit_code_notes, member_sections
from clusters.members.selectors import (
    cluster_collaborations,
    cluster_members,
    collaboration_for_detail,
    member_collaborations,
    member_for_detail,
    member_years,
    search_members,
)
from clusters.members.tables import COLLABORATION_SORTS, MEMBER_SORTS, MEMBER_YEAR_SORTS
from clusters.models import ChainLink, Cluster, Collaboration, Member
from tenancy.filters import read_id, read_year
from tenancy.forms import add_service_errors
from tenancy.models import Region
from tenancy.paging import CappedPaginator

PAGE_SIZE = 25
PARTNER_LIMIT = 50


def _cluster(request, pk, *, write=False):
    """The cluster of the page: 404 when the viewer may not see it, 403 when they may not change its network."""
    cluster = get_object_or_404(Cluster.objects.all(), pk=pk)
    if write and not request.user.has_perm("clusters.change_cluster_network", cluster):
        raise PermissionDenied
    return cluster


def _can_edit(request, cluster):
    return request.user.has_perm("clusters.change_cluster_network", cluster)


def members_shown(request, cluster):
    """The member list's rows for the request's search, filters and sort (every page; the export reads it too):
    (members ordered, the valid filters, the year of the figures, the search, the sorting)."""
    query = request.GET.get("q", "").strip()
    filterset = MemberFilter(request.GET, queryset=cluster_members(cluster=cluster))
    members = search_members(filterset.qs, query)
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    year = data.get("year")  # ?year=: the members with figures for that year, shown with them
    sorting = (MEMBER_YEAR_SORTS if year else MEMBER_SORTS).read(request)
    return sorting.apply(members), data, year, query, sorting


def with_row_details(members):
    """A page's (or an export's) members with their region and chain links (a list, `member.chain_link_list`: no
    related manager made per row)."""
    return members.select_related("region").prefetch_related(
        Prefetch(
            "chain_links",
            queryset=ChainLink.objects.only("id", "name", "name_en", "cluster_id"),
            to_attr="chain_link_list",
        )
    )


@login_required
def member_list(request, pk):
    cluster = _cluster(request, pk)
    members, data, year, query, sorting = members_shown(request, cluster)
    # COUNT runs on the filtered base queryset; only the page's rows join regions and prefetch chain links.
    number = request.GET.get("page")
    page = CappedPaginator(members, PAGE_SIZE, number=number).get_page(number)
    page.object_list = with_row_details(page.object_list)
    if year:
        page.object_list = with_figures_of_year(page.object_list)
    filtered = bool(query or any(value not in (None, "") for value in data.values()))
    return render(
        request,
        "clusters/member_list.html",
        {
            "cluster": cluster,
            "page": page,
            "query": query,
            "filters": {
                key: request.GET.get(key, "") for key in ("kind", "designation", "chain_link", "is_local", "year")
            },
            "year": year,
            "filtered": filtered,
            "kinds": Member.Kind.choices,
            "designations": DESIGNATIONS,
            "chain_links": ChainLink.objects.filter(cluster=cluster).only("id", "name", "name_en"),
            "sorting": sorting,
            "can_edit": _can_edit(request, cluster),
        },
    )


def with_figures_of_year(members) -> list:
    """The page's members (joined to their figures of a year by the filter) with that year's figures in place of
    their latest ones."""
    annotated = members.annotate(**{f"of_year_{name}": F(f"{YEAR_FIGURES}__{name}") for name in FIGURE_FIELDS})
    rows = list(annotated)
    for member in rows:
        for name in FIGURE_FIELDS:
            setattr(member, name, getattr(member, f"of_year_{name}"))
    return rows


def _member(cluster, member_pk):
    return get_object_or_404(member_for_detail(), pk=member_pk, cluster=cluster)


@login_required
def member_detail(request, pk, member_pk):
    cluster = _cluster(request, pk)
    member = _member(cluster, member_pk)
    collaborations = list(member_collaborations(member=member)[: PARTNER_LIMIT + 1])
    return render(
        request,
        "clusters/member_detail.html",
        {
            "cluster": cluster,
            "member": member,
            "designations": [label for field, label in DESIGNATIONS if getattr(member, field)],
            "collaborations": collaborations[:PARTNER_LIMIT],
            "more_collaborations": len(collaborations) > PARTNER_LIMIT,
            "years": member_years(member=member),
            "next_year": services.last_completed_year(),
            "can_edit": _can_edit(request, cluster),
            "sections": member_sections(request, member),  # what higher apps add (clusters.members.registry)
        },
    )


def _note_credit_code(request, cluster, member):
    """Say what other apps know of the member's credit code (the same enterprise in other clusters): a proposal
    shown after the save, never a refusal."""
    for notes in credit_code_notes(cluster=cluster, codes=[member.credit_code]).values():
        for note in notes:
            messages.info(request, note)


def _form_page(request, template, context, form):
    regions = Region.objects.exclude(level=Region.Level.COUNTY).only("code", "name", "name_en")
    return render(request, template, {**context, "form": form, "regions": regions if "region" in form.fields else ()})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    cluster = _cluster(request, pk, write=True)
    form = MemberForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(cluster=cluster, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(member)s was added.") % {"member": member.name})
            _note_credit_code(request, cluster, member)
            return redirect("cluster-member-detail", cluster.pk, member.pk)
    context = {"cluster": cluster, "title": _("Add a member")}
    return _form_page(request, "clusters/member_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk, member_pk):
    cluster = _cluster(request, pk)
    member = _member(cluster, member_pk)
    if not request.user.has_perm("clusters.change_member", member):
        raise PermissionDenied
    year = read_year(request.GET.get("year"))  # ?year= edits that year's figures
    form = MemberForm(request.POST or None, cluster=cluster, initial=MemberForm.initial_for(member, year))
    if request.method == "POST" and form.is_valid():
        code_before = member.credit_code
        try:
            services.member_update(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(member)s was saved.") % {"member": member.name})
            if member.credit_code != code_before:
                _note_credit_code(request, cluster, member)
            return redirect("cluster-member-detail", cluster.pk, member.pk)
    context = {"cluster": cluster, "member": member, "title": _("Edit %(member)s") % {"member": member.name}}
    return _form_page(request, "clusters/member_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def member_delete(request, pk, member_pk):
    """GET asks for confirmation (saying how many collaborations go with the member); POST deletes."""
    cluster = _cluster(request, pk)
    member = _member(cluster, member_pk)
    if not request.user.has_perm("clusters.delete_member", member):
        raise PermissionDenied
    if request.method == "POST":
        name = member.name
        services.member_delete(member=member, by=request.user)
        messages.success(request, _("%(member)s was deleted.") % {"member": name})
        return redirect("cluster-member-list", cluster.pk)
    return render(
        request,
        "clusters/member_confirm_delete.html",
        {"cluster": cluster, "member": member, "collaboration_count": member_collaborations(member=member).count()},
    )


def collaborations_shown(request, cluster):
    """The collaboration list's rows for the request's filters (every page; the export reads it too), and the valid
    filters."""
    filterset = CollaborationFilter(request.GET, queryset=cluster_collaborations(cluster=cluster))
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    return COLLABORATION_SORTS.read(request).apply(filterset.qs), data


@login_required
def collaboration_list(request, pk):
    cluster = _cluster(request, pk)
    ordered, data = collaborations_shown(request, cluster)
    sorting = COLLABORATION_SORTS.read(request)
    number = request.GET.get("page")
    page = CappedPaginator(ordered, PAGE_SIZE, number=number).get_page(number)
    page.object_list = page.object_list.select_related("source", "target")
    member_pk = data.get("member")
    member = Member.objects.filter(cluster=cluster, pk=member_pk).only("id", "name").first() if member_pk else None
    return render(
        request,
        "clusters/collaboration_list.html",
        {
            "cluster": cluster,
            "page": page,
            "filters": {key: request.GET.get(key, "") for key in ("kind", "member", "year")},
            "filtered": any(value not in (None, "") for value in data.values()),
            "member": member,
            "kinds": Collaboration.Kind.choices,
            "sorting": sorting,
            "can_edit": _can_edit(request, cluster),
        },
    )


def _suggest_url(cluster):
    return reverse("cluster-member-suggest", args=[cluster.pk])


SUGGESTION_LIMIT = 20


@login_required
@require_http_methods(["GET"])
def member_suggest(request, pk):
    """<option>s of the members matching what the user typed into a member picker (at most 20)."""
    cluster = _cluster(request, pk)
    field = request.GET.get("field", "")
    query = request.GET.get(field if field in ("source", "target") else "q", "")
    name = query.rpartition(MEMBER_LABEL_SEPARATOR)[0] or query
    members = []
    if name.strip():
        found = search_members(Member.objects.filter(cluster=cluster), name)
        members = found.only("id", "name", "credit_code").order_by("name", "pk")[:SUGGESTION_LIMIT]
    options = [member_label(member) for member in members]
    return render(request, "clusters/includes/member_options.html", {"options": options})


def _collaboration(cluster, collaboration_pk):
    return get_object_or_404(collaboration_for_detail(), pk=collaboration_pk, cluster=cluster)


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_add(request, pk):
    cluster = _cluster(request, pk, write=True)
    source = read_id(request.GET.get("source"))
    initial = {"source": source} if source else {}
    form = CollaborationForm(request.POST or None, cluster=cluster, initial=initial, suggest_url=_suggest_url(cluster))
    if request.method == "POST" and form.is_valid():
        try:
            services.collaboration_create(cluster=cluster, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The collaboration was added."))
            return redirect("cluster-collaboration-list", cluster.pk)
    context = {"cluster": cluster, "title": _("Add a collaboration")}
    return _form_page(request, "clusters/collaboration_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_edit(request, pk, collaboration_pk):
    cluster = _cluster(request, pk)
    collaboration = _collaboration(cluster, collaboration_pk)
    if not request.user.has_perm("clusters.change_collaboration", collaboration):
        raise PermissionDenied
    form = CollaborationForm(
        request.POST or None,
        cluster=cluster,
        initial=CollaborationForm.initial_for(collaboration),
        suggest_url=_suggest_url(cluster),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.collaboration_update(collaboration=collaboration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The collaboration was saved."))
            return redirect("cluster-collaboration-list", cluster.pk)
    context = {"cluster": cluster, "collaboration": collaboration, "title": _("Edit a collaboration")}
    return _form_page(request, "clusters/collaboration_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_delete(request, pk, collaboration_pk):
    cluster = _cluster(request, pk)
    collaboration = _collaboration(cluster, collaboration_pk)
    if not request.user.has_perm("clusters.delete_collaboration", collaboration):
        raise PermissionDenied
    if request.method == "POST":
        services.collaboration_delete(collaboration=collaboration, by=request.user)
        messages.success(request, _("The collaboration was deleted."))
        return redirect("cluster-collaboration-list", cluster.pk)
    return render(
        request, "clusters/collaboration_confirm_delete.html", {"cluster": cluster, "collaboration": collaboration}
    )
