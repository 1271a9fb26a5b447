"""Forms of collaborations between clusters: the proposal and a step's reason."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.members.forms import BootstrapFormMixin, MemberPickerField, at_least_zero
from clusters.models import Collaboration
from exchange.links.services import FIRST_YEAR, LAST_YEAR, NOTE_MAX, REASON_MAX


class LinkForm(BootstrapFormMixin, forms.Form):
    """A member of the body's own cluster (picked as the user types) to a member of another cluster (the cluster
    chosen from the list, the member named by its exact credit code or exact name: the body cannot list another
    cluster's members)."""

    def __init__(self, *args, cluster, clusters, suggest_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"] = MemberPickerField(
            cluster=cluster,
            label=_("Your member"),
            help_text=_("Type part of a name or credit code, then pick the member from the list."),
            widget=forms.TextInput(
                attrs={
                    "list": "member-options-source",
                    "autocomplete": "off",
                    "hx-get": suggest_url,
                    "hx-trigger": "input changed delay:250ms",
                    "hx-target": "#member-options-source",
                    "hx-vals": json.dumps({"field": "source"}),
                    "name": "source",
                }
            ),
        )
        self.fields["target_cluster"] = forms.ModelChoiceField(
            queryset=clusters,
            label=_("Other cluster"),
            help_text=_("A cluster of the public register, or another of your own."),
        )
        self.fields["target_cluster"].label_from_instance = lambda cluster: cluster.display_name
        self.fields["target_credit_code"] = forms.CharField(
            label=_("Its member's credit code"),
            required=False,
            max_length=40,
            help_text=_("The exact unified social credit code of the member in the other cluster."),
        )
        self.fields["target_name"] = forms.CharField(label=_("or its exact name"), required=False, max_length=200)
        self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=Collaboration.Kind.choices)
        self.fields["value"] = forms.DecimalField(
            label=_("Value (10k CNY)"), required=False, max_digits=16, decimal_places=2
        )
        at_least_zero(self.fields["value"])
        self.fields["year"] = forms.IntegerField(
            label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
        )
        self.fields["note"] = forms.CharField(
            label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.style_widgets()


class StepForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        self.style_widgets()
