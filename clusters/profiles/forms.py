import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import ChainLink, Cluster, Milestone
from clusters.rules import refused_cluster_fields
from tenancy.models import Region


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
        if not 1900 <= year <= datetime.date.today().year + 1:
            raise ValidationError(_("Enter a year between 1900 and next year."))
        return year
