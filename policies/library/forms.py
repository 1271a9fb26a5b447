"""Forms of the policy library pages. They parse input; the services check it and answer at the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from policies.library.selectors import (
    toolkit_candidate_clusters,
    toolkit_candidate_instruments,
    toolkit_candidate_policies,
)
from policies.library.services import ATTACHMENT_ACCEPT, FIRST_YEAR
from policies.models import Instrument, Policy, PolicyCategory


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("English title"), max_length=400, required=False)
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("The issuing number (文号); leave empty when the document has none."),
    )
    issued_on = forms.DateField(label=_("Issue date"), widget=DateInput())
    effective_on = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=DateInput(),
        help_text=_("Not before the issue date; empty: effective on issue."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"), queryset=PolicyCategory.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    target_clusters = forms.ModelMultipleChoiceField(
        label=_("Target clusters"), queryset=Cluster.objects.none(), required=False
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text=_("PDF, DOCX or XLSX, at most 20 MB."),
    )
    clear_attachment = forms.BooleanField(label=_("Remove the current attachment"), required=False)

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_clusters"].queryset = clusters if clusters is not None else Cluster.objects.all()

    @staticmethod
    def initial_for(policy):
        return {
            **{name: getattr(policy, name) for name in ("title", "title_en", "document_number", "summary", "text")},
            "issued_on": policy.issued_on,
            "effective_on": policy.effective_on,
            "source_url": policy.source_url,
            "categories": list(policy.categories.all()),
            "target_clusters": list(policy.target_clusters.all()),
        }


class InstrumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Instrument.Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=PolicyCategory.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    amount = forms.DecimalField(
        label=_("Amount committed (CNY)"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=_("In yuan; 0 when the instrument commits no money of its own."),
    )
    currency_note = forms.CharField(label=_("Note on the amount"), max_length=200, required=False)
    target_clusters = forms.ModelMultipleChoiceField(
        label=_("Beneficiary clusters"), queryset=Cluster.objects.none(), required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, policy, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = policy.categories.all()
        self.fields["target_clusters"].queryset = clusters if clusters is not None else Cluster.objects.all()

    @staticmethod
    def initial_for(instrument):
        return {
            **{name: getattr(instrument, name) for name in ("kind", "name", "name_en", "currency_note", "description")},
            "category": instrument.category_id,
            "amount": instrument.amount,
            "target_clusters": list(instrument.target_clusters.all()),
        }


class DisbursementForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=9999)
    amount = forms.DecimalField(label=_("Amount disbursed (CNY)"), min_value=0, max_digits=16, decimal_places=2)


DisbursementFormSet = forms.formset_factory(DisbursementForm, extra=3, can_delete=True)


def disbursement_rows(formset) -> list:
    """[(year, amount)] of the filled, not deleted rows of a valid formset."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or data.get("year") is None:
            continue
        rows.append((data["year"], data.get("amount")))
    return rows


class ToolkitForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    policies = forms.ModelMultipleChoiceField(
        label=_("Policies"), queryset=Policy.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments"),
        queryset=Instrument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only instruments of the policies chosen above."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = toolkit_candidate_clusters(owner=owner)
        policies = toolkit_candidate_policies(owner=owner)
        self.fields["policies"].queryset = policies
        self.fields["instruments"].queryset = toolkit_candidate_instruments(policies=policies)
        self.fields["instruments"].label_from_instance = lambda i: f"{i.display_name} · {i.policy.title}"

    @staticmethod
    def initial_for(toolkit):
        return {
            "cluster": toolkit.cluster_id,
            "title": toolkit.title,
            "notes": toolkit.notes,
            "policies": [p.pk for p in toolkit.policies.all()],
            "instruments": [i.pk for i in toolkit.instruments.all()],
        }
