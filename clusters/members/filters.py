"""Filters of cluster members and collaborations, shared by the API and the pages."""

from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from clusters.members.models import FIGURE_FIELDS
from clusters.models import Collaboration, Member
from tenancy.api.filters import LeanFilterSet
from tenancy.filters import BIGINT, WholeNumberField
from tenancy.models import Region
from tenancy.validators import FIGURE_YEARS, ROUND_YEARS

DESIGNATIONS = [
    ("is_leading", _("Leading enterprise")),
    ("is_single_champion", _("Single champion")),
    ("is_little_giant", _("Little giant")),
    ("is_srdi_sme", _("SRDI SME")),
    ("is_high_tech", _("High-tech enterprise")),
]


# The alias of a member's figures of one year in a queryset (`members_of_year`).
YEAR_FIGURES = "year_figures"


def members_of_year(queryset, year: int):
    """The members of `queryset` that have figures for `year`, with those figures joined as YEAR_FIGURES."""
    joined = queryset.annotate(**{YEAR_FIGURES: FilteredRelation("years", condition=Q(years__year=year))})
    return joined.filter(**{f"{YEAR_FIGURES}__year": year})


class WholeNumberFilter(filters.NumberFilter):
    """A number filter that reads a bounded whole number (give min_value and max_value), for filters that name no
    model field (a method filter) and so are not bounded by tenancy.api.filters."""

    field_class = WholeNumberField


class MemberFilter(LeanFilterSet):
    # Plain numbers, not model choices: no lookup query per request, and a cluster the caller
    # may not see simply matches nothing (its members are outside the scoped queryset anyway).
    cluster = filters.NumberFilter(field_name="cluster_id", label=_("cluster"))
    chain_link = filters.NumberFilter(field_name="chain_links", label=_("chain link"))
    designation = filters.ChoiceFilter(choices=DESIGNATIONS, method="filter_designation", label=_("designation"))
    region = filters.CharFilter(method="filter_region", label=_("region code (and the regions below it)"))
    year = WholeNumberFilter(
        method="filter_year",
        min_value=FIGURE_YEARS[0],
        max_value=ROUND_YEARS[1],
        label=_("year of the figures (members with figures for that year; figure filters read that year)"),
    )

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

    def filter_queryset(self, queryset):
        # With a year, the figure filters and designations read the members' figures of that year.
        year = self.form.cleaned_data.get("year") if "year" in self.filters else None
        if year is not None:
            queryset = members_of_year(queryset, year)
            for name, filter_ in self.filters.items():
                if name in FIGURE_FIELDS:
                    filter_.field_name = f"{YEAR_FIGURES}__{name}"
        self.figure_prefix = "" if year is None else f"{YEAR_FIGURES}__"
        return super().filter_queryset(queryset)

    def filter_year(self, queryset, name, value):
        return queryset  # applied first, in filter_queryset

    def filter_designation(self, queryset, name, value):
        return queryset.filter(**{f"{getattr(self, 'figure_prefix', '')}{value}": True})

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(region__code__startswith=region.jurisdiction_prefix)


class CollaborationFilter(LeanFilterSet):
    cluster = filters.NumberFilter(field_name="cluster_id", label=_("cluster"))
    member = WholeNumberFilter(method="filter_member", min_value=1, max_value=BIGINT, label=_("member (either end)"))
    year = filters.NumberFilter(field_name="year", label=_("year"))

    class Meta:
        model = Collaboration
        fields = ["kind"]

    def filter_member(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))
