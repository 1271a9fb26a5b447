"""The list of enterprises in several clusters as an export (tenancy/exports): what the page shows for the same
search, filters and sort, every page, with the clusters named as the requester may see them."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.enterprises.selectors import clusters_sentence, with_places
from exchange.enterprises.views import enterprises_shown
from tenancy.exports.registry import register_export

BATCH = 1000  # rows whose clusters are read together (two queries a batch)


def _check(request):
    if not request.user.has_perm("exchange.view_enterprise_list"):
        raise PermissionDenied


def enterprise_sheets(request):
    rows, _form, _sorting = enterprises_shown(request)
    header = [
        _("Name"),
        _("English name"),
        _("Unified social credit code"),
        _("Clusters"),
        _("In the clusters"),
    ]

    def lines():
        for start in range(0, 10**9, BATCH):
            batch = with_places(rows[start : start + BATCH])
            for enterprise in batch:
                yield (
                    enterprise.name,
                    enterprise.name_en,
                    enterprise.credit_code,
                    enterprise.cluster_count,
                    clusters_sentence(enterprise),
                )
            if len(batch) < BATCH:
                return

    return [(_("Enterprises in several clusters"), header, lines())]


def register():
    register_export(
        "exchange.enterprises", gettext_lazy("Enterprises in several clusters"), enterprise_sheets, check=_check
    )
