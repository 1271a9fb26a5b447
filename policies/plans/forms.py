"""Forms of the plan pages: they parse the input; the domain rules (jurisdiction, years around the period,
direction of a target, the workflow) are the services'. Key tasks and targets are formsets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import ChainLink, Indicator
from policies.models import CultivationPlan
from tenancy.models import Organisation
from tenancy.widgets import SearchableSelectMultiple

TEXTAREA = {"rows": 4}
SHORT_TEXTAREA = {"rows": 2}


class PlanForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Cluster"),
        queryset=None,
        help_text=_("A cluster with a region in your jurisdiction."),
    )
    co_owners = forms.ModelMultipleChoiceField(
        label=_("Co-owning local governments"),
        queryset=None,
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_(
            "For a cross-region cluster: the other local governments whose jurisdiction holds one of its regions. "
            "Every owner may edit and submit the plan (hold Ctrl to choose several)."
        ),
    )
    key_chain_links = forms.ModelMultipleChoiceField(
        label=_("Key chain links"),
        queryset=None,
        required=False,
        help_text=_(
            "The links of the cluster's chain the plan builds on (hold Ctrl to choose several). Only an empty key "
            "link is a warning in monitoring; other empty links are shown as information."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.IntegerField(label=_("First year of the period"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Last year of the period"), min_value=2000, max_value=2100)
    overall_thinking = forms.CharField(label=_("Overall thinking"), widget=forms.Textarea(TEXTAREA), required=False)
    stage_point = forms.CharField(
        label=_("Point stage goal"),
        widget=forms.Textarea(SHORT_TEXTAREA),
        required=False,
        help_text=CultivationPlan._meta.get_field("stage_point").help_text,
    )
    stage_line = forms.CharField(
        label=_("Line stage goal"),
        widget=forms.Textarea(SHORT_TEXTAREA),
        required=False,
        help_text=CultivationPlan._meta.get_field("stage_line").help_text,
    )
    stage_surface = forms.CharField(
        label=_("Surface stage goal"),
        widget=forms.Textarea(SHORT_TEXTAREA),
        required=False,
        help_text=CultivationPlan._meta.get_field("stage_surface").help_text,
    )
    stage_network = forms.CharField(
        label=_("Network stage goal"),
        widget=forms.Textarea(SHORT_TEXTAREA),
        required=False,
        help_text=CultivationPlan._meta.get_field("stage_network").help_text,
    )

    def __init__(self, *args, clusters, co_owners, with_cluster=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        self.fields["co_owners"].queryset = co_owners
        links = (
            ChainLink.objects.filter(cluster__in=clusters)
            .select_related("cluster")
            .order_by("cluster__name", "position", "pk")
        )
        self.fields["key_chain_links"].queryset = links
        if with_cluster:  # a new plan: the links of every cluster offered, named with their cluster
            self.fields["key_chain_links"].label_from_instance = lambda link: (
                f"{link.cluster.display_name} · {link.name}"
            )
        else:
            self.fields["key_chain_links"].label_from_instance = lambda link: link.name
            del self.fields["cluster"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class KeyTaskForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    task = forms.CharField(label=_("Task"), widget=forms.Textarea(SHORT_TEXTAREA))
    department = forms.CharField(label=_("Responsible department"), max_length=200)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class PlanTargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None, to_field_name="code")
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=2000, max_value=2100)
    baseline_value = forms.DecimalField(label=_("Baseline value"), max_digits=20, decimal_places=4, min_value=0)
    target_year = forms.IntegerField(label=_("Target year"), min_value=2000, max_value=2100)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=20, decimal_places=4, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("position", "code")
        self.fields["indicator"].label_from_instance = lambda indicator: (
            f"{indicator.display_name} ({indicator.unit})" if indicator.unit else indicator.display_name
        )


KeyTaskFormSet = forms.formset_factory(KeyTaskForm, extra=1, can_delete=True, max_num=100, validate_max=True)
PlanTargetFormSet = forms.formset_factory(PlanTargetForm, extra=1, can_delete=True, max_num=60, validate_max=True)


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(TEXTAREA), required=False, max_length=5000)

    def __init__(self, *args, comment_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if comment_required:
            self.fields["comment"].required = True
            self.fields["comment"].help_text = _("Say what needs to change; the owners see this comment.")


def local_governments():
    return Organisation.objects.filter(kind=Organisation.Kind.LOCAL, is_active=True).order_by("name")
