"""Pages of an organisation's members: the list, adding a member (by invitation), changing a role, deactivating
and reactivating an account, and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenancy.forms import add_service_errors, service_message
from tenancy.history import history_entries
from tenancy.invitations.services import membership_invite
from tenancy.models import Membership, Organisation
from tenancy.visibility import Viewer

from . import services
from .forms import MemberAddForm, MemberRoleForm
from .selectors import organisation_members
from .tables import MEMBERSHIP_SORTS

PAGE_SIZE = 25


def members_shown(request):
    """The organisation's members for the request's search and role (every page; the export reads it too), the
    search and the role."""
    if not request.user.has_perm("tenancy.view_members"):
        raise PermissionDenied
    members = organisation_members()
    query = request.GET.get("q", "").strip()
    if query:
        members = members.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
        )
    role = request.GET.get("role", "")
    if role in Membership.Role.values:
        members = members.filter(role=role)
    return MEMBERSHIP_SORTS.read(request).apply(members), query, role


@login_required
def member_list(request):
    members, query, role = members_shown(request)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tenancy/member_list.html",
        {
            "page": page,
            "sorting": MEMBERSHIP_SORTS.read(request),
            "query": query,
            "role": role,
            "roles": Membership.Role.choices,
            "can_manage": request.user.has_perm("tenancy.manage_members"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request):
    if not request.user.has_perm("tenancy.manage_members"):
        raise PermissionDenied
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = Organisation.objects.get(pk=Viewer.for_user(request.user).organisation_id)
        try:
            membership = membership_invite(organisation=organisation, invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(user)s was added; an invitation to set a password was sent to %(email)s.")
                % {"user": membership.user.username, "email": membership.user.email},
            )
            return redirect("member-list")
    return render(request, "tenancy/member_form.html", {"form": form, "title": _("Add a member")})


def _member_for_change(request, pk):
    membership = get_object_or_404(organisation_members(), pk=pk)
    if not request.user.has_perm("tenancy.change_membership", membership):
        raise PermissionDenied
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    membership = _member_for_change(request, pk)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role of %(user)s was changed.") % {"user": membership.user.username})
            return redirect("member-list")
    return render(
        request,
        "tenancy/member_form.html",
        {
            "form": form,
            "membership": membership,
            "title": _("Change the role of %(user)s") % {"user": membership.user.username},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_set_active(request, pk, active):
    """GET asks for confirmation; POST deactivates or reactivates."""
    membership = _member_for_change(request, pk)
    if request.method == "POST":
        try:
            services.membership_set_active(membership=membership, active=active)
        except ValidationError as exc:
            messages.error(request, service_message(exc))
        else:
            text = (
                _("%(user)s was reactivated.") if active else _("%(user)s was deactivated and can no longer sign in.")
            )
            messages.success(request, text % {"user": membership.user.username})
        return redirect("member-list")
    return render(request, "tenancy/member_confirm.html", {"membership": membership, "active": active})


@login_required
def member_history(request, pk):
    membership = get_object_or_404(organisation_members(), pk=pk)
    return render(
        request,
        "history.html",
        {"object": membership, "entries": history_entries(membership), "back_url": "member-list"},
    )
