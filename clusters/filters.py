"""Filters of cluster members and collaborations, shared by the API and the pages."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from tenancy.api.filters import FilterSet
from tenancy.models import Region

from .models import Collaboration, Member

DESIGNATIONS = [
    ("is_leading", _("Leading enterprise")),
    ("is_single_champion", _("Single champion")),
    ("is_little_giant", _("Little giant")),
    ("is_srdi_sme", _("SRDI SME")),
    ("is_high_tech", _("High-tech enterprise")),
]


class MemberFilter(FilterSet):
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


class CollaborationFilter(FilterSet):
    cluster = filters.NumberFilter(field_name="cluster_id", label=_("cluster"))
    member = filters.NumberFilter(method="filter_member", label=_("member (either end)"))
    year = filters.NumberFilter(field_name="year", label=_("year"))

    class Meta:
        model = Collaboration
        fields = ["kind"]

    def filter_member(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))
