"""Pages of the organisation directory, for the ministry's administrators and a provincial government's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.models import Organisation
from tenancy.organisations.tables import ORGANISATION_SORTS
from tenancy.paging import CappedPaginator

from . import services
from .forms import OrganisationCreateForm, OrganisationForm
from .selectors import organisations_for

PAGE_SIZE = 25


def _refuse_unless_manager(request):
    if not request.user.has_perm("tenancy.add_organisation"):
        raise PermissionDenied


def _for_change(request, pk):
    _refuse_unless_manager(request)
    organisation = get_object_or_404(organisations_for(user=request.user), pk=pk)
    if not request.user.has_perm("tenancy.change_organisation", organisation):
        raise PermissionDenied
    return organisation


def organisations_shown(request):
    """The organisations for the request's search and filters (every page; the export reads it too), the search, the
    kind and the region."""
    _refuse_unless_manager(request)
    organisations = organisations_for(user=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(name_en__icontains=query) | Q(slug__icontains=query)
        )
    kind = request.GET.get("kind", "")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    region = request.GET.get("region", "").strip()
    if region:
        organisations = organisations.filter(region__code__startswith=region[:6])
    return ORGANISATION_SORTS.read(request).apply(organisations), query, kind, region


@login_required
def organisation_list(request):
    organisations, query, kind, region = organisations_shown(request)
    sorting = ORGANISATION_SORTS.read(request)
    number = request.GET.get("page")
    page = CappedPaginator(organisations, PAGE_SIZE, number).get_page(number)
    for organisation in page.object_list:
        organisation.manageable = request.user.has_perm("tenancy.change_organisation", organisation)
    return render(
        request,
        "tenancy/organisations/list.html",
        {
            "page": page,
            "sorting": sorting,
            "query": query,
            "kind": kind,
            "region": region,
            "kinds": Organisation.Kind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request):
    _refuse_unless_manager(request)
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("kind", "name", "name_en", "slug", "region", "parent")}
        try:
            organisation = services.organisation_create(
                by=request.user, admin=form.admin(), language=request.LANGUAGE_CODE, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": organisation.name})
            return redirect("organisation-list")
    return render(request, "tenancy/organisations/form.html", {"form": form, "title": _("Add an organisation")})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = _for_change(request, pk)
    initial = {
        "name": organisation.name,
        "name_en": organisation.name_en,
        "slug": organisation.slug,
        "region": organisation.region_id or "",
        "parent": organisation.parent_id,
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {key: form.cleaned_data[key] for key in ("name", "name_en", "slug", "region")}
        if form.cleaned_data["parent"] is not None:
            changes["parent"] = form.cleaned_data["parent"]
        try:
            services.organisation_update(organisation=organisation, by=request.user, **changes)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was changed.") % {"name": changes["name"]})
            return redirect("organisation-list")
    title = _("Change %(name)s") % {"name": organisation.name}
    return render(request, "tenancy/organisations/form.html", {"form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_set_active(request, pk, active):
    """GET asks for confirmation; POST deactivates or reactivates."""
    organisation = _for_change(request, pk)
    if request.method == "POST":
        try:
            services.organisation_set_active(organisation=organisation, by=request.user, active=active)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            text = (
                _("%(name)s was reactivated.")
                if active
                else _("%(name)s was deactivated; its members can no longer sign in.")
            )
            messages.success(request, text % {"name": organisation.name})
        return redirect("organisation-list")
    return render(request, "tenancy/organisations/confirm.html", {"organisation": organisation, "active": active})


@login_required
def organisation_history(request, pk):
    organisation = _for_change(request, pk)
    return render(
        request,
        "history.html",
        {"object": organisation, "entries": history_entries(organisation), "back_url": "organisation-list"},
    )
