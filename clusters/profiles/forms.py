import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import ChainLink, Cluster, Milestone
from clusters.rules import refused_cluster_fields
from tenancy.models import Organisation, Region


class ClusterProfileForm(forms.ModelForm):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        help_text=_("A cross-region cluster lists every city it spans (hold Ctrl to choose several)."),
    )

    class Meta:
        model = Cluster
        fields = ["name", "name_en", "field", "stage", "summary", "is_public"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(self.instance.regions.values_list("code", flat=True)) if self.instance.pk else []
        self.fields["regions"].queryset = Region.objects.filter(
            level__in=["province", "prefecture"]
        ) | Region.objects.filter(code__in=current)
        self.fields["regions"].initial = current
        for name in refused_cluster_fields(user, self.instance, list(self.fields)):
            del self.fields[name]  # the ministry's fields (clusters.rules.CLUSTER_FIELD_RULES)


class GovernanceForm(forms.Form):
    """The ministry's settings of a cluster (clusters.rules.CLUSTER_FIELD_RULES): its regions decide which
    governments supervise it, see it and endorse its entries."""

    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        help_text=_(
            "The governments of these regions supervise the cluster, see it and endorse its entries "
            "(hold Ctrl to choose several)."
        ),
    )
    is_public = forms.BooleanField(label=_("Shown in the public register"), required=False)
    promotion_body = forms.ModelChoiceField(label=_("Promotion body"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=100, help_text=_("Kept in the cluster's history."))

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(cluster.regions.order_by("clusterregion__position").values_list("code", flat=True))
        self.fields["regions"].queryset = Region.objects.filter(
            level__in=["province", "prefecture"]
        ) | Region.objects.filter(code__in=current)
        self.fields["promotion_body"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.CLUSTER_BODY, is_active=True
        ).order_by("name")
        self.initial.setdefault("regions", current)
        self.initial.setdefault("is_public", cluster.is_public)
        self.initial.setdefault("promotion_body", cluster.promotion_body_id)


class TierForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Cluster.Tier.choices)
    reason = forms.CharField(label=_("Reason"), max_length=100, help_text=_("Kept in the cluster's history."))


class ChainLinkForm(forms.ModelForm):
    class Meta:
        model = ChainLink
        fields = ["name", "name_en", "segment", "position"]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["year", "kind", "title", "description"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1900 <= year <= datetime.date.today().year + 1:
            raise ValidationError(_("Enter a year between 1900 and next year."))
        return year
