from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Indicator
from clusters.observations.services import EVIDENCE_ACCEPT


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, indicator):
        unit = f" ({indicator.unit})" if indicator.unit else ""
        return f"{indicator.get_category_display()} · {indicator.display_name}{unit}"


class ObservationForm(forms.Form):
    """Parses the input; the domain rules (year range, duplicates, evidence checks) are the service's."""

    indicator = IndicatorChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.order_by("position", "code"), to_field_name="code"
    )
    year = forms.IntegerField(label=_("Year"))
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=4)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("Where the value comes from, e.g. a statistical yearbook or the bureau of statistics."),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("PDF, XLSX, DOCX, PNG or JPEG, at most 10 MB."),
    )
    clear_evidence = forms.BooleanField(label=_("Remove the current evidence file"), required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to return a value: say what is wrong."),
    )
