"""The account pages: the user's API tokens (listed, made, revoked), password change, and password reset by mail
from the sign-in page (Django's views, in the product's layout and languages)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from tenancy.forms import add_service_errors

from .forms import ApiTokenForm, PasswordResetForm
from .selectors import api_tokens_of
from .services import api_token_create, api_token_revoke
from .tables import TOKEN_SORTS

PAGE_SIZE = 25


@login_required
@require_safe
def token_list(request):
    sorting = TOKEN_SORTS.read(request)
    page = Paginator(sorting.apply(api_tokens_of(user=request.user)), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "sorting": sorting, "ttl_days": settings.API_TOKEN_TTL_DAYS}
    return render(request, "tenancy/accounts/token_list.html", context)


@never_cache  # the page holds the key: no cache keeps it
@login_required
@require_http_methods(["GET", "POST"])
def token_create(request):
    """GET: the form; POST: a new token, its key shown on this one page and never again (not stored, not redirected)."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "tenancy/accounts/token_created.html", {"token": token, "key": key}, status=201)
    return render(request, "tenancy/accounts/token_form.html", {"form": form, "ttl_days": settings.API_TOKEN_TTL_DAYS})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk):
    """GET asks for confirmation; POST revokes. Another user's token is a 404."""
    token = get_object_or_404(api_tokens_of(user=request.user), pk=pk)
    if request.method == "POST":
        api_token_revoke(token=token)
        messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
        return redirect("account-tokens")
    return render(request, "tenancy/accounts/token_confirm.html", {"token": token})


class PasswordChangeView(auth_views.PasswordChangeView):
    """The signed-in user's password; this session stays signed in, every other one of theirs ends."""

    template_name = "tenancy/accounts/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and mails a reset link to the account that has it; the answer is the same whether an
    account has it or not, so the page tells nobody which addresses are known."""

    template_name = "tenancy/accounts/password_reset.html"
    form_class = PasswordResetForm
    subject_template_name = "tenancy/accounts/password_reset_subject.txt"
    email_template_name = "tenancy/accounts/password_reset_email.txt"
    success_url = reverse_lazy("password-reset-done")

    def form_valid(self, form):
        self.extra_email_context = {"timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "tenancy/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the mail: works once (the token is made of the password it replaces) and for
    PASSWORD_RESET_TIMEOUT seconds."""

    template_name = "tenancy/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "tenancy/accounts/password_reset_complete.html"
