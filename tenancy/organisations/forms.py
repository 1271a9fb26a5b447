from django import forms
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation
from tenancy.widgets import RegionCodeInput


class OrganisationForm(forms.Form):
    """An organisation's fields; the service checks them against each other (region, parent) and the signed-in
    user. Without a parent, the parent follows from the region."""

    name = forms.CharField(label=_("Name"), max_length=128)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    slug = forms.SlugField(label=_("Short name"), max_length=64, help_text=_("Letters, digits and hyphens."))
    region = forms.CharField(
        label=_("Region code"),
        max_length=6,
        widget=RegionCodeInput,
        required=False,
        help_text=_("Six digits (GB/T 2260), e.g. 320500."),
    )
    parent = forms.ModelChoiceField(
        label=_("Parent"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL, is_active=True).select_related("region"),
        required=False,
        help_text=_("Leave empty: it follows from the region."),
    )


class OrganisationCreateForm(OrganisationForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    admin_username = forms.RegexField(
        label=_("First administrator's username"), regex=r"^[\w.@+-]+\Z", max_length=150, required=False
    )
    admin_full_name = forms.CharField(label=_("First administrator's full name"), max_length=150, required=False)
    admin_email = forms.EmailField(
        label=_("First administrator's e-mail"),
        required=False,
        help_text=_("The invitation to set a password is sent to this address."),
    )

    field_order = ["kind", "name", "name_en", "slug", "region", "parent"]

    def admin(self):
        data = self.cleaned_data
        if not (data.get("admin_username") or data.get("admin_email")):
            return None
        return {
            "username": data.get("admin_username", ""),
            "email": data.get("admin_email", ""),
            "full_name": data.get("admin_full_name", ""),
        }
