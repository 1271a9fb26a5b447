"""The list of collaborations between clusters as an export (tenancy/exports): the listed rows (the list's
filters, search and sort; every page)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.links.views import _require_links, links_shown
from tenancy.exports.registry import register_export


def link_sheets(request):
    _require_links(request)
    links, _filters = links_shown(request)
    rows = [
        [
            link.pk,
            link.source_cluster.name,
            link.source.name,
            link.source.credit_code,
            link.target_cluster.name,
            link.target.name,
            link.target.credit_code,
            str(link.get_kind_display()),
            link.value,
            link.year,
            str(link.get_status_display()),
            link.proposed_by_organisation.name,
            link.note,
            link.reason,
            timezone.localtime(link.updated).replace(tzinfo=None),
        ]
        for link in links
    ]
    header = [
        _("ID"),
        _("From cluster"),
        _("From member"),
        _("Credit code"),
        _("To cluster"),
        _("To member"),
        _("Credit code"),
        _("Kind"),
        _("Value (10k CNY)"),
        _("Year"),
        _("Status"),
        _("Proposed by"),
        _("Note"),
        _("Reason"),
        _("Updated"),
    ]
    return [(_("Collaborations between clusters"), header, rows)]


def register():
    register_export(
        "exchange.links", gettext_lazy("Collaborations between clusters"), link_sheets, check=_require_links
    )
