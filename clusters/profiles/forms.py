import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import ChainCategory, ChainLink, Cluster, Milestone
from clusters.rules import refused_cluster_fields
from tenancy.models import Organisation, Region
from tenancy.widgets import RegionSelectMultiple


class ClusterProfileForm(forms.ModelForm):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        widget=RegionSelectMultiple,
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
        widget=RegionSelectMultiple,
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
        fields = ["name", "name_en", "segment", "category", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the categories of the cluster's own field are offered (and accepted).
        self.fields["category"].queryset = ChainCategory.objects.filter(field_id=self.instance.cluster.field_id)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["year", "kind", "title", "description"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1900 <= year <= datetime.date.today().year + 1:
            raise ValidationError(_("Enter a year between 1900 and next year."))
        return year


class ClusterRegisterForm(forms.Form):
    """The ministry registers a cluster: with a promotion body already on the platform, or with a new one (and its
    first administrator, who is invited)."""

    name = forms.CharField(label=_("Name"), max_length=128)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    field = forms.ModelChoiceField(label=_("Industry field"), queryset=Region.objects.none(), to_field_name="code")
    tier = forms.ChoiceField(label=_("Tier"), choices=Cluster.Tier.choices, initial=Cluster.Tier.CULTIVATING)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        widget=RegionSelectMultiple,
        help_text=_("The main region first: its government supervises the cluster (hold Ctrl to choose several)."),
    )
    is_public = forms.BooleanField(label=_("Shown in the public register"), required=False, initial=True)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    promotion_body = forms.ModelChoiceField(
        label=_("An existing promotion body"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Or leave empty and name a new promotion body below."),
    )
    body_name = forms.CharField(label=_("New promotion body: name"), max_length=128, required=False)
    body_name_en = forms.CharField(label=_("New promotion body: English name"), max_length=200, required=False)
    body_slug = forms.CharField(label=_("New promotion body: short name"), max_length=64, required=False)
    admin_username = forms.CharField(label=_("Its administrator: username"), max_length=150, required=False)
    admin_full_name = forms.CharField(label=_("Its administrator: name"), max_length=150, required=False)
    admin_email = forms.EmailField(label=_("Its administrator: e-mail"), required=False)

    def __init__(self, *args, **kwargs):
        from tenancy.models import IndustryField

        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = IndustryField.objects.all()
        self.fields["regions"].queryset = Region.objects.filter(level__in=["province", "prefecture"])
        self.fields["promotion_body"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.CLUSTER_BODY, is_active=True
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("promotion_body") is None and not data.get("body_name"):
            self.add_error("body_name", _("Choose an existing promotion body or name a new one."))
        if data.get("promotion_body") is not None and data.get("body_name"):
            self.add_error("body_name", _("Choose an existing promotion body or name a new one, not both."))
        return data

    def cluster_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("name", "name_en", "field", "tier", "is_public", "summary")}

    def regions_in_order(self):
        """The chosen regions, the main one first as the user listed them (a multiple select keeps page order)."""
        chosen = {region.code: region for region in self.cleaned_data["regions"]}
        return [chosen[code] for code in self.data.getlist("regions") if code in chosen]

    def admin(self):
        data = self.cleaned_data
        admin = {name: data.get(f"admin_{name}", "") for name in ("username", "full_name", "email")}
        return admin if any(admin.values()) else None
