from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .errors import Refusal
from .models import Membership


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class MemberAddForm(forms.Form):
    """A colleague's account: they receive an invitation by e-mail and set their own password."""

    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]+\Z", max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), help_text=_("The invitation is sent to this address."))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


def add_service_errors(form, exc, rename=None) -> None:
    """Put a service's ValidationError or Refusal on `form`: each field's messages on that field (on the form as a
    whole when the form has no such field), and a message without a field (or a refusal's) on the form as a whole.
    `rename` maps a service's field name to the form's, where they differ."""
    if isinstance(exc, Refusal):
        form.add_error(None, exc.message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = (rename or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def service_message(exc) -> str:
    """A service's ValidationError or Refusal as one line, for a message above the page."""
    return exc.message if isinstance(exc, Refusal) else " ".join(exc.messages)
