"""Filters of cluster members and collaborations, shared by the API and the pages."""

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from clusters.models import Collaboration, Member
from tenancy.api.filters import FilterSet
from tenancy.models import Region

DESIGNATIONS = [
    ("is_leading", _("Leading enterprise")),
    ("is_single_champion", _("Single champion")),
    ("is_little_giant", _("Little giant")),
    ("is_srdi_sme", _("SRDI SME")),
    ("is_high_tech", _("High-tech enterprise")),
]


class LeanFilterSet(FilterSet):
    """A filterset whose form holds only the filters present in the query string (an absent filter filters
    nothing), its class built once per language and set of filters: building and validating a form of every
    filter on each request is a real share of a 100-row list. `get_form_class` is django-filter's documented
    hook for this."""

    _form_classes: dict = {}

    def get_form_class(self):
        present = tuple(
            name
            for name, base in self.base_filters.items()
            if not base.field.widget.value_omitted_from_data(self.data, {}, self._form_key(name))
        )
        key = (type(self), get_language(), present)
        form_class = self._form_classes.get(key)
        if form_class is None:
            if len(self._form_classes) > 1000:
                self._form_classes.clear()
            fields = {name: self.filters[name].field for name in present}
            form_class = self._form_classes[key] = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
        return form_class

    def _form_key(self, name):
        return f"{self.form_prefix}-{name}" if self.form_prefix else name


class MemberFilter(LeanFilterSet):
    # Plain numbers, not model choices: no lookup query per request, and a cluster the caller
    # may not see simply matches nothing (its members are outside the scoped queryset anyway).
    cluster = filters.NumberFilter(field_name="cluster_id", label=_("cluster"))
    chain_link = filters.NumberFilter(field_name="chain_links", label=_("chain link"))
    designation = filters.ChoiceFilter(choices=DESIGNATIONS, method="filter_designation", label=_("designation"))
    region = filters.CharFilter(method="filter_region", label=_("region code (and the regions below it)"))

    class Meta:
        model = Member
        fields = [
            "kind",
            "size_class",
            "is_leading",
            "is_single_champion",
            "is_little_giant",
            "is_srdi_sme",
            "is_high_tech",
            "is_local",
        ]

    def filter_designation(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(region__code__startswith=region.jurisdiction_prefix)


class CollaborationFilter(LeanFilterSet):
    cluster = filters.NumberFilter(field_name="cluster_id", label=_("cluster"))
    member = filters.NumberFilter(method="filter_member", label=_("member (either end)"))
    year = filters.NumberFilter(field_name="year", label=_("year"))

    class Meta:
        model = Collaboration
        fields = ["kind"]

    def filter_member(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))
