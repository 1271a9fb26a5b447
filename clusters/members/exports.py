"""A cluster's member and collaboration lists as exports (tenancy/exports): what the pages show for the same
search, filters and sort, every page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.members.filters import DESIGNATIONS
from clusters.members.views import (
    _cluster,
    collaborations_shown,
    members_shown,
    with_figures_of_year,
    with_row_details,
)
from tenancy.choices import choice_label
from tenancy.exports.registry import register_export


def _check(request):
    _cluster(request, request.target)  # 404 for a cluster the requester may not see


def member_sheets(request):
    cluster = _cluster(request, request.target)
    members, _data, year, _query, _sort = members_shown(request, cluster)
    members = with_row_details(members)
    if year:
        members = with_figures_of_year(members)
    header = [
        _("Name"),
        _("English name"),
        _("Unified social credit code"),
        _("Kind"),
        _("Designations"),
        _("Chain links"),
        _("Region"),
        _("Local"),
        _("Revenue (10k CNY)"),
        _("Employees"),
        _("R&D spend (10k CNY)"),
        _("Patents"),
    ]
    rows = (
        (
            member.name,
            member.name_en,
            member.credit_code,
            choice_label(member, "kind"),
            "、".join(str(label) for field, label in DESIGNATIONS if getattr(member, field)),
            "、".join(link.name for link in member.chain_link_list),
            member.region.display_name if member.region else "",
            _("yes") if member.is_local else _("no"),
            member.revenue,
            member.employees,
            member.rd_spend,
            member.patents,
        )
        for member in members
    )
    title = _("Members of %(year)s") % {"year": year} if year else _("Members")
    return [(title, header, rows)]


def collaboration_sheets(request):
    cluster = _cluster(request, request.target)
    collaborations, _data = collaborations_shown(request, cluster)
    header = [_("From"), _("To"), _("Kind"), _("Value (10k CNY)"), _("Year")]
    rows = (
        (c.source.name, c.target.name, c.get_kind_display(), c.value, c.year)
        for c in collaborations.select_related("source", "target")
    )
    return [(_("Collaborations"), header, rows)]


def register():
    register_export("clusters.members", gettext_lazy("Members"), member_sheets, check=_check, needs_target=True)
    register_export(
        "clusters.collaborations",
        gettext_lazy("Collaborations"),
        collaboration_sheets,
        check=_check,
        needs_target=True,
    )
