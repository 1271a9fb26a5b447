"""Forms of the member and collaboration pages. They parse input; the services check and write it."""

import json

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from clusters.members.models import FIGURE_FIELDS
from clusters.members.services import last_completed_year
from clusters.models import ChainLink, Collaboration, Member, MemberYear
from tenancy.models import Region

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
        self.fields["year"] = forms.IntegerField(
            label=_("Year of the figures"),
            required=False,
            initial=last_completed_year(),
            help_text=_(
                "The year the designations, flags and figures below are for (default: the last completed year). "
                "The member's latest year is shown as its current figures."
            ),
        )
        self.order_fields(MEMBER_FORM_FIELDS[: MEMBER_FORM_FIELDS.index("is_leading")] + ["year"] + MEMBER_FORM_FIELDS)
        self.style_widgets()

    @classmethod
    def initial_for(cls, member: Member, year: int | None = None) -> dict:
        """The member's fields and the figures of `year` (default: the last completed year); a year the member has
        no figures for shows its latest figures, to start from."""
        year = last_completed_year() if year is None else year
        initial = forms.model_to_dict(member, fields=MEMBER_FORM_FIELDS)
        initial["region"] = member.region_id or ""
        initial["year"] = year
        row = MemberYear.objects.filter(member=member, year=year).first()
        if row is not None:
            initial.update({name: getattr(row, name) for name in FIGURE_FIELDS})
        return initial


def member_label(member: Member) -> str:
    """How a member is written in a picker: its name and, to tell namesakes apart, its credit code or #id."""
    return f"{member.name}{MEMBER_LABEL_SEPARATOR}{member.credit_code or f'#{member.pk}'}"


MEMBER_LABEL_SEPARATOR = " · "


class MemberPickerField(forms.CharField):
    """A member of one cluster, typed as a name, a credit code or a picker label (`name · code` / `name · #id`).

    A cluster can have tens of thousands of members, so the page offers matches as the user types (a datalist
    filled from the member suggestion endpoint) instead of one enormous <select>."""

    def __init__(self, *, cluster, **kwargs):
        self.cluster = cluster
        super().__init__(max_length=260, **kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        members = Member.objects.filter(cluster=self.cluster)
        name, _sep, key = text.rpartition(MEMBER_LABEL_SEPARATOR)
        key = key.strip()
        if key.startswith("#") and key[1:].isdigit():
            found = list(members.filter(pk=int(key[1:]))[:2])
        elif name and key:
            found = list(members.filter(credit_code=key.upper())[:2])
        else:
            code = text.replace(" ", "").replace("-", "").upper()
            found = list(members.filter(credit_code=code)[:2]) if len(code) == 18 else []
            found = found or list(members.filter(name=text)[:2])
        if not found:
            raise forms.ValidationError(
                _("No member of this cluster has the name or credit code “%(value)s”."), params={"value": text}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several members are called “%(value)s”: pick one from the list (it adds the credit code)."),
                params={"value": text},
            )
        return found[0]

    def prepare_value(self, value):
        if isinstance(value, Member):
            return member_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            member = Member.objects.filter(cluster=self.cluster, pk=int(value)).first()
            return member_label(member) if member else ""
        return value


class CollaborationForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, cluster, suggest_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Collaboration, fields=["source", "target", "kind", "value", "year"]))
        for end in ("source", "target"):
            model_field = Collaboration._meta.get_field(end)
            self.fields[end] = MemberPickerField(
                cluster=cluster,
                label=model_field.verbose_name,
                help_text=_("Type part of a name or credit code, then pick the member from the list."),
                widget=forms.TextInput(
                    attrs={
                        "list": f"member-options-{end}",
                        "autocomplete": "off",
                        "hx-get": suggest_url,
                        "hx-trigger": "input changed delay:250ms",
                        "hx-target": f"#member-options-{end}",
                        "hx-vals": json.dumps({"field": end}),
                        "name": end,
                    }
                ),
            )
        self.order_fields(["source", "target", "kind", "value", "year"])
        at_least_zero(self.fields["value"])
        self.style_widgets()

    @classmethod
    def initial_for(cls, collaboration: Collaboration) -> dict:
        return forms.model_to_dict(collaboration, fields=["source", "target", "kind", "value", "year"])
