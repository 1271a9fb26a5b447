"""Forms of the member and collaboration pages. They parse input; the services check and write it."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from tenancy.models import Region

from .models import ChainLink, Collaboration, Member

MEMBER_FORM_FIELDS = [
    "name",
    "name_en",
    "kind",
    "credit_code",
    "platform_level",
    "size_class",
    "region",
    "is_local",
    "chain_links",
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
    "joined_year",
]


def at_least_zero(field):
    field.validators.append(MinValueValidator(0))
    field.widget.attrs["min"] = 0


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget (templates/clusters/includes/form_fields.html renders them)."""

    def style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def add_service_errors(self, exc):
        """A service's ValidationError, shown at the fields it names (the rest above the form)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, errors in exc.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors:
            attrs = self.fields[name].widget.attrs if name in self.fields else {}
            if "is-invalid" not in attrs.get("class", "is-invalid"):
                attrs["class"] += " is-invalid"


class RegionCodeField(forms.CharField):
    """A region by its 6-digit code (GB/T 2260); a datalist on the page offers provinces and prefectures."""

    def to_python(self, value):
        code = super().to_python(value).strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first() if len(code) == 6 else None
        if region is None:
            raise forms.ValidationError(_("No region has the code %(code)s."), params={"code": code})
        return region

    def prepare_value(self, value):
        return value.code if isinstance(value, Region) else value


class MemberForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Member, fields=MEMBER_FORM_FIELDS))
        self.fields["credit_code"] = forms.CharField(
            label=Member._meta.get_field("credit_code").verbose_name,
            max_length=40,
            required=False,
            help_text=_("18 characters, GB 32100 check digit; spaces and dashes are dropped."),
        )
        self.fields["region"] = RegionCodeField(
            label=_("Region code"),
            required=False,
            help_text=_("6-digit administrative division code, e.g. 320100 for Nanjing."),
            widget=forms.TextInput(attrs={"list": "region-codes", "inputmode": "numeric", "maxlength": 6}),
        )
        links = self.fields["chain_links"]
        links.widget = forms.CheckboxSelectMultiple()
        links.queryset = ChainLink.objects.filter(cluster=cluster)
        links.help_text = ""
        for name in ("revenue", "rd_spend"):
            at_least_zero(self.fields[name])
        self.order_fields(MEMBER_FORM_FIELDS)
        self.style_widgets()

    @classmethod
    def initial_for(cls, member: Member) -> dict:
        initial = forms.model_to_dict(member, fields=MEMBER_FORM_FIELDS)
        initial["region"] = member.region_id or ""
        return initial


class CollaborationForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Collaboration, fields=["source", "target", "kind", "value", "year"]))
        members = Member.objects.filter(cluster=cluster).only("id", "name").order_by("name", "pk")
        for end in ("source", "target"):
            self.fields[end].queryset = members
        at_least_zero(self.fields["value"])
        self.style_widgets()

    @classmethod
    def initial_for(cls, collaboration: Collaboration) -> dict:
        return forms.model_to_dict(collaboration, fields=["source", "target", "kind", "value", "year"])
