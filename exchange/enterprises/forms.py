"""The filters of the list of enterprises in several clusters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from tenancy.models import Region


class VisibleClusterChoice(forms.ModelChoiceField):
    """A cluster the viewer may see (the scoped manager): another one is "not one of the choices"."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Cluster.objects.none(), **kwargs)

    def to_python(self, value):
        self.queryset = Cluster.objects.all()
        return super().to_python(value)


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    cluster = VisibleClusterChoice(label=_("Cluster"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.exclude(level=Region.Level.COUNTY),
        to_field_name="code",
        required=False,
        help_text=_("The enterprises with a member in a cluster of this region or below it."),
    )

    def filters(self) -> dict:
        """The arguments of `selectors.enterprises_in_several_clusters` (only the valid filters)."""
        data = self.cleaned_data if self.is_valid() else {}
        region = data.get("region")
        return {
            "cluster": data.get("cluster"),
            "region_prefix": region.jurisdiction_prefix if region else "",
            "query": data.get("q") or "",
        }
