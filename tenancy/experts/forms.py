from django import forms
from django.utils.translation import gettext_lazy as _

from tenancy.models import IndustryField
from tenancy.widgets import RegionCodeInput


class ExpertProfileForm(forms.Form):
    """What an expert changes on their own profile (and the ministry as well)."""

    affiliation = forms.CharField(label=_("Affiliation"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    region = forms.CharField(
        label=_("Region code"),
        max_length=6,
        widget=RegionCodeInput,
        help_text=_("The 6-digit administrative code, e.g. 320100."),
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Industry fields"),
        queryset=IndustryField.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ExpertChangeForm(ExpertProfileForm):
    """The ministry changes the expert's name and e-mail address too; eligibility has its own check."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    field_order = ["full_name", "email", "affiliation", "title", "phone", "region", "fields"]


class ExpertAddForm(ExpertChangeForm):
    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]+\Z", max_length=150)
    send_invitation = forms.BooleanField(
        label=_("Send the invitation to set a password now"), required=False, initial=True
    )
    field_order = ["username", *ExpertChangeForm.field_order, "send_invitation"]
