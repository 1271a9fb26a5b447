"""Pages of one enterprise in several clusters: the list (ministry and governments), an enterprise's page by its
credit code, and the panel of a member's page (registered in clusters.members.registry)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clusters.models import Cluster
from exchange.enterprises.forms import EnterpriseFilterForm
from exchange.enterprises.selectors import (
    enterprise_of,
    enterprises_in_several_clusters,
    member_enterprise,
    member_records,
    with_places,
)
from exchange.enterprises.tables import ENTERPRISE_SORTS
from tenancy.paging import CappedPaginator

PAGE_SIZE = 25
MEMBERS_SIDE_BY_SIDE = 12  # a page compares at most this many member records


def enterprises_shown(request):
    """The list's rows for the request's search, filters and sort (every page; the export reads it too):
    (rows ordered, the filter form, the sorting). Refused (403) to all but the ministry and governments."""
    if not request.user.has_perm("exchange.view_enterprise_list"):
        raise PermissionDenied
    form = EnterpriseFilterForm(request.GET)
    sorting = ENTERPRISE_SORTS.read(request)
    return sorting.apply(enterprises_in_several_clusters(**form.filters())), form, sorting


@login_required
@require_safe
def enterprise_list(request):
    rows, form, sorting = enterprises_shown(request)
    number = request.GET.get("page")
    page = CappedPaginator(rows, PAGE_SIZE, number=number).get_page(number)
    page.object_list = with_places(page.object_list)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "exchange/enterprises/enterprise_list.html",
        {
            "page": page,
            "form": form,
            "filters": {key: request.GET.get(key, "") for key in ("q", "cluster", "region")},
            "filtered": any(filters.values()),
            "clusters": Cluster.objects.only("id", "name", "name_en").order_by("name"),
            "sorting": sorting,
        },
    )


@login_required
@require_safe
def enterprise_detail(request, credit_code):
    """An enterprise by its credit code: its clusters as the viewer may see them and, side by side, the member
    records the viewer may read. A code without a member the viewer may read is a 404."""
    enterprise = enterprise_of(credit_code.upper())
    if enterprise is None:
        raise Http404
    members = list(member_records(enterprise.credit_code)[: MEMBERS_SIDE_BY_SIDE + 1])
    return render(
        request,
        "exchange/enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "members": members[:MEMBERS_SIDE_BY_SIDE],
            "more_members": len(members) > MEMBERS_SIDE_BY_SIDE,
        },
    )


def member_panel(request, member):
    """The member page's panel "Also in other clusters": None (no panel) when the member has no credit code or no
    other cluster holds it."""
    enterprise = member_enterprise(member)
    return None if enterprise is None else {"enterprise": enterprise}
