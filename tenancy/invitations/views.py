"""Pages of invitations: the invited person sets their password from the link; administrators list the
invitations they may see, send one again or withdraw it (with confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.paging import CappedPaginator

from . import services
from .forms import AcceptForm
from .selectors import invitations_listed
from .tables import INVITATION_SORTS

PAGE_SIZE = 25
STATUS_FILTERS = {
    "open": Q(accepted__isnull=True, withdrawn__isnull=True),
    "accepted": Q(accepted__isnull=False),
    "withdrawn": Q(withdrawn__isnull=False),
    "all": Q(),
}


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, key):
    invitation = services.invitation_for_key(key)
    if invitation is None:
        return render(request, "tenancy/invitations/invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(key=key, password=form.cleaned_data["password"])
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your password is set. Sign in with it now."))
            return redirect(f"{reverse('login')}?username={user.username}")
    return render(request, "tenancy/invitations/accept.html", {"invitation": invitation, "form": form})


def _require_manager(request):
    if not request.user.has_perm("tenancy.manage_invitations"):
        raise PermissionDenied


def invitations_shown(request):
    """The invitations for the request's status and search (every page; the export reads it too), the status and the
    search."""
    _require_manager(request)
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    invitations = invitations_listed().filter(STATUS_FILTERS[status])
    query = request.GET.get("q", "").strip()
    if query:
        invitations = invitations.filter(
            Q(email__icontains=query) | Q(user__username__icontains=query) | Q(organisation__name__icontains=query)
        )
    return INVITATION_SORTS.read(request).apply(invitations), status, query


@login_required
def invitation_list(request):
    invitations, status, query = invitations_shown(request)
    sorting = INVITATION_SORTS.read(request)
    number = request.GET.get("page")
    page = CappedPaginator(invitations, PAGE_SIZE, number=number).get_page(number)
    return render(
        request,
        "tenancy/invitations/invitation_list.html",
        {"page": page, "sorting": sorting, "status": status, "query": query, "statuses": list(STATUS_FILTERS)},
    )


def _invitation(request, pk):
    _require_manager(request)
    return get_object_or_404(invitations_listed(), pk=pk)


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = _invitation(request, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email})
    return redirect("invitation-list")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request, pk):
    """GET asks for confirmation; POST withdraws."""
    invitation = _invitation(request, pk)
    if request.method == "POST":
        try:
            services.invitation_withdraw(invitation=invitation, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
        return redirect("invitation-list")
    return render(request, "tenancy/invitations/withdraw_confirm.html", {"invitation": invitation})
