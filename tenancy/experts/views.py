"""Pages of the expert pool's upkeep: the ministry adds an expert, changes a profile, deactivates or reactivates an
expert and sends the invitation again (each with confirmation); an expert keeps their own profile ("My profile").
The pool's list and each expert's page are the competition's (evaluations.review), which link here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.models import ExpertProfile

from . import services
from .forms import ExpertAddForm, ExpertChangeForm, ExpertProfileForm

POOL_DETAIL = "expert-pool-detail"  # the competition's page of an expert


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _expert(pk):
    return get_object_or_404(ExpertProfile.objects.select_related("user", "region"), pk=pk)


def _initial(profile):
    return {
        "full_name": profile.user.get_full_name(),
        "email": profile.user.email,
        "affiliation": profile.affiliation,
        "title": profile.title,
        "phone": profile.phone,
        "region": profile.region_id,
        "fields": list(profile.fields.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def expert_add(request):
    _require(request, "tenancy.manage_experts")
    form = ExpertAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.expert_create(by=request.user, language=request.LANGUAGE_CODE, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = (
                _("%(expert)s was added; an invitation to set a password was sent to %(email)s.")
                if form.cleaned_data["send_invitation"]
                else _("%(expert)s was added; no invitation was sent yet.")
            )
            messages.success(request, text % {"expert": profile, "email": profile.user.email})
            return redirect(POOL_DETAIL, pk=profile.pk)
    return render(
        request,
        "tenancy/experts/form.html",
        {"form": form, "title": _("Add an expert"), "back": reverse("expert-pool")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request, pk):
    _require(request, "tenancy.manage_experts")
    profile = _expert(pk)
    form = ExpertChangeForm(request.POST or None, initial=_initial(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_update(profile=profile, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile of %(expert)s was saved.") % {"expert": profile})
            return redirect(POOL_DETAIL, pk=profile.pk)
    return render(
        request,
        "tenancy/experts/form.html",
        {
            "form": form,
            "title": _("Change the profile of %(expert)s") % {"expert": profile},
            "back": reverse(POOL_DETAIL, args=[profile.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_set_active(request, pk, active):
    """GET asks for confirmation; POST deactivates or reactivates."""
    _require(request, "tenancy.manage_experts")
    profile = _expert(pk)
    if request.method == "POST":
        services.expert_set_active(profile=profile, active=active, by=request.user)
        if active:
            text = _("%(expert)s was reactivated.")
        else:
            text = _("%(expert)s was deactivated and can no longer sign in.")
        messages.success(request, text % {"expert": profile})
        return redirect(POOL_DETAIL, pk=profile.pk)
    if active:
        title, text = _("Reactivate %(expert)s?"), _("The expert can sign in again and be given new assignments.")
    else:
        title = _("Deactivate %(expert)s?")
        text = _(
            "The expert can no longer sign in and is given no new assignment. Their open assignments stay listed "
            "on their page for you to replace; reviews already submitted are kept."
        )
    return render(
        request,
        "evaluations/confirm.html",
        {
            "title": title % {"expert": profile},
            "text": text,
            "button": _("Reactivate") if active else _("Deactivate"),
            "back": reverse(POOL_DETAIL, args=[profile.pk]),
            "danger": not active,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_invite(request, pk):
    _require(request, "tenancy.manage_experts")
    profile = _expert(pk)
    if request.method == "POST":
        try:
            services.expert_invite(profile=profile, by=request.user, language=request.LANGUAGE_CODE)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("An invitation to set a password was sent to %(email)s.") % {"email": profile.user.email},
            )
        return redirect(POOL_DETAIL, pk=profile.pk)
    return render(
        request,
        "evaluations/confirm.html",
        {
            "title": _("Invite %(expert)s?") % {"expert": profile},
            "text": _("A new link to set a password is sent to %(email)s; an earlier link stops working.")
            % {"email": profile.user.email},
            "button": _("Send the invitation"),
            "back": reverse(POOL_DETAIL, args=[profile.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_me(request):
    """An expert's own profile; whoever has none is refused."""
    profile = ExpertProfile.objects.select_related("user", "region").filter(user_id=request.user.pk).first()
    if profile is None:
        raise PermissionDenied
    form = ExpertProfileForm(request.POST or None, initial=_initial(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_self_update(profile=profile, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("expert-me")
    return render(request, "tenancy/experts/me.html", {"form": form, "profile": profile})
