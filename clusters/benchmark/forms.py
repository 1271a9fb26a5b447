"""What a benchmark page and its API read from the query string: the year, the cohort and (on the list) the
indicator; anything else is a field error (400), never a silent default."""

from functools import cached_property

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.benchmark.selectors import Cohort, benchmark_years
from clusters.models import Indicator


class BenchmarkForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    cohort = forms.ChoiceField(label=_("Cohort"), choices=Cohort.choices, required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        empty_label=None,
    )

    def __init__(self, data, *, with_indicator=False):
        super().__init__(data)
        self.years, self.default_year = benchmark_years()
        self.fields["year"].choices = [(year, year) for year in self.years]
        self.fields["year"].help_text = _("Verified values of this year count.")
        if not with_indicator:
            del self.fields["indicator"]
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "form-select"

    @property
    def chosen_year(self):
        return self.cleaned_data.get("year") or self.default_year

    @property
    def chosen_cohort(self):
        return self.cleaned_data.get("cohort") or Cohort.NATIONAL

    @cached_property
    def chosen_indicator(self):
        return self.cleaned_data.get("indicator") or self.fields["indicator"].queryset.first()


def read_benchmark_form(params, *, with_indicator=False):
    """The form bound to the query string (only the parameters it knows), validated."""
    names = ("year", "cohort", "indicator") if with_indicator else ("year", "cohort")
    form = BenchmarkForm({name: params.get(name, "") for name in names}, with_indicator=with_indicator)
    form.is_valid()
    return form
