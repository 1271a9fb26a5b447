"""Forms of the competition pages (competitions, rounds, rubrics). They parse the input; the domain rules are the
services'."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Indicator
from clusters.observations.forms import IndicatorChoiceField
from evaluations.models import Competition, Criterion, Dimension, Round
from tenancy.models import IndustryField, Region

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CompetitionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=128)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    endorsement_level = forms.ChoiceField(
        label=_("Endorsing governments"),
        choices=Competition.EndorsementLevel.choices,
        help_text=_(
            "An entry needs the endorsement of every local government at this level whose jurisdiction holds one "
            "of the cluster's regions."
        ),
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Tracks"),
        queryset=IndustryField.objects.order_by("position", "code"),
        required=False,
        help_text=_("One track per industry field; an entry competes in its cluster's field."),
    )
    entry_tiers = forms.MultipleChoiceField(
        label=_("Tiers that may enter"),
        choices=Cluster.Tier.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Clusters of these tiers may enter the first round; later rounds take the entries that advanced."),
    )
    province_quota = forms.IntegerField(
        label=_("Candidates per province"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_(
            "At most this many first-round entries from the clusters of each province (withdrawn and ineligible "
            "entries do not count; a cluster in several provinces counts in each). Empty: no quota."
        ),
    )
    province_quotas = forms.CharField(
        label=_("Quotas of particular provinces"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One province a line, its name or code, a colon and its number (e.g. 江苏省: 5)."),
    )

    @staticmethod
    def quotas_text(quotas: dict) -> str:
        names = dict(Region.objects.filter(code__in=list(quotas or {})).values_list("code", "name"))
        return "\n".join(f"{names.get(code, code)}: {number}" for code, number in (quotas or {}).items())

    def clean_province_quotas(self):
        """The lines as {province code: number}; the service checks the codes and numbers."""
        provinces = Region.objects.filter(level=Region.Level.PROVINCE)
        codes = {}
        for region in provinces:
            codes.update({region.code: region.code, region.name: region.code})
            if region.name_en:
                codes[region.name_en.lower()] = region.code
        quotas, errors = {}, []
        for line in (self.cleaned_data.get("province_quotas") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            key, _colon, number = line.replace("：", ":").rpartition(":")
            code = codes.get(key.strip()) or codes.get(key.strip().lower())
            if code is None:
                errors.append(_("“%(line)s”: name a province, then a colon and a number.") % {"line": line})
            elif not number.strip().isdigit():
                errors.append(_("“%(line)s”: the quota is a whole number.") % {"line": line})
            else:
                quotas[code] = int(number)
        if errors:
            raise ValidationError(errors)
        return quotas


class RoundForm(forms.Form):
    position = forms.IntegerField(label=_("Order"), min_value=1, max_value=20, required=False)
    name = forms.CharField(label=_("Name"), max_length=64, help_text=_("e.g. 小组赛, 综合赛, 初赛 or 决赛"))
    name_en = forms.CharField(label=_("English name"), max_length=128, required=False)
    submission_opens = forms.DateTimeField(label=_("Submission opens"), widget=DATETIME_WIDGET)
    submission_closes = forms.DateTimeField(label=_("Submission deadline"), widget=DATETIME_WIDGET)
    review_opens = forms.DateTimeField(label=_("Review opens"), widget=DATETIME_WIDGET)
    review_closes = forms.DateTimeField(label=_("Review closes"), widget=DATETIME_WIDGET)
    advancement_rule = forms.ChoiceField(label=_("Advancement rule"), choices=Round.AdvancementRule.choices)
    advance_top_n = forms.IntegerField(label=_("Entries advancing per track"), min_value=1, required=False)
    advance_threshold = forms.DecimalField(
        label=_("Score threshold"), max_digits=6, decimal_places=2, required=False, min_value=Decimal("0.01")
    )
    experts_per_entry = forms.IntegerField(
        label=_("Experts per entry"),
        min_value=1,
        max_value=50,
        initial=5,
        required=False,
        help_text=_("How many experts the automatic assignment gives each entry."),
    )
    blind_review = forms.BooleanField(
        label=_("Blind review"),
        required=False,
        help_text=_(
            "Experts read the entries with the names of the cluster, its promotion body, its city and its members "
            "masked, and download the evidence under neutral file names. Fixed once experts are assigned."
        ),
    )
    min_submitted_reviews = forms.IntegerField(
        label=_("Minimum submitted reviews per entry"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_(
            "An evaluation run refuses to start while an eligible entry has fewer submitted reviews that count "
            "(the ministry may run anyway with a written reason, printed on the result and the public notice). "
            "Empty: the experts per entry."
        ),
    )
    standardise_from = forms.IntegerField(
        label=_("Minimum entries for standardisation"),
        min_value=2,
        max_value=1000,
        initial=5,
        required=False,
        help_text=_(
            "An expert who scored at least this many entries of the round has their scores standardised; an expert "
            "who scored fewer counts with their raw scores."
        ),
    )


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=128)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Criterion.Kind.choices)
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2)
    max_score = forms.DecimalField(label=_("Maximum score"), max_digits=6, decimal_places=2, initial=100)
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
    )
    floor = forms.DecimalField(label=_("Range floor"), max_digits=20, decimal_places=4, required=False)
    ceiling = forms.DecimalField(label=_("Range ceiling"), max_digits=20, decimal_places=4, required=False)
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)

    # What a person types into a row; the kind, dimension and maximum score arrive with their preset values.
    CONTENT_FIELDS = ("name", "name_en", "weight", "indicator", "floor", "ceiling")

    def has_changed(self):
        """A new row with nothing typed into it is blank (so ignored), whatever its preset selects post."""
        typed = any(str(self[name].data or "").strip() for name in self.CONTENT_FIELDS)
        if self.is_bound and not self.initial and not typed:
            return False
        return super().has_changed()


class BaseRubricFormSet(forms.BaseFormSet):
    def criteria(self):
        """The rows kept (not deleted, not left empty), in order, as the service takes them."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            rows.append({key: value for key, value in form.cleaned_data.items() if key != "DELETE"})
        return rows


RubricFormSet = forms.formset_factory(CriterionForm, formset=BaseRubricFormSet, extra=1, can_delete=True)
