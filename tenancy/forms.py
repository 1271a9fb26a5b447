from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .errors import Refusal


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


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
