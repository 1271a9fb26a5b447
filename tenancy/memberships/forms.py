from django import forms
from django.utils.translation import gettext_lazy as _

from tenancy.models import Membership


class MemberAddForm(forms.Form):
    """A colleague's account: they receive an invitation by e-mail and set their own password."""

    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]+\Z", max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), help_text=_("The invitation is sent to this address."))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
