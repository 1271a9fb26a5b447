"""Forms of the entry pages. They parse the input; the domain rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from clusters.observations.services import EVIDENCE_ACCEPT
from evaluations.entries.evidence import evidence_max_bytes
from evaluations.models import SECTION_MAX_CHARS, SECTIONS, Competition, Round, Submission
from tenancy.models import IndustryField


class EntryStartForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none())
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())

    def __init__(self, *args, rounds, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].label_from_instance = lambda r: f"{r.competition} · {r}"
        self.fields["cluster"].queryset = clusters


class SectionsForm(forms.Form):
    """The narrative sections of an entry and the revision they were edited from."""

    revision = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": "entry-revision"}), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, help_text in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=SECTION_MAX_CHARS,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def sections(self):
        return {key: self.cleaned_data.get(key, "") for key, _label, _help in SECTIONS if key in self.data}


class ClaimForm(forms.Form):
    value = forms.DecimalField(label=_("Claimed value"), max_digits=20, decimal_places=4)
    note = forms.CharField(label=_("Source or note"), max_length=200, required=False)
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _("PDF, XLSX, DOCX, PNG or JPEG, at most %(mb)d MB.") % {
            "mb": evidence_max_bytes() // 1024 // 1024
        }


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the promotion body change?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ConfirmForm(forms.Form):
    """A confirmation without a question: the page's button posts it."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class IneligibleForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the entry fail the formal check?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    competition = forms.ModelChoiceField(label=_("Competition"), queryset=Competition.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Submission.Status.choices], required=False
    )
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=IndustryField.objects.order_by("position", "code"), required=False
    )

    def __init__(self, *args, competitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = competitions
