"""Pages of matchmaking: the gaps and partners of the clusters a viewer sees (a local government's jurisdiction,
the ministry's country, a promotion body's own clusters), the national complementarity matrix (the ministry's) and
the section of a cluster's page (registered with clusters.profiles.sections)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clusters.models import ChainCategory
from tenancy.models import IndustryField

from . import gaps as method
from .selectors import cluster_matches, matches_for, matching_clusters, matrix_for
from .tables import MATCHING_SORTS

PAGE_SIZE = 10


def method_figures():
    """The thresholds the pages state."""
    return {
        "thin_members": method.THIN_MEMBERS,
        "outside_percent": round(method.OUTSIDE_SHARE * 100),
        "max_partners": method.MAX_PARTNERS,
    }


def matching_fields():
    """The industry fields that have a chain taxonomy."""
    return IndustryField.objects.filter(code__in=ChainCategory.objects.values("field_id"))


def matching_shown(request, sorting=None):
    """(clusters, field code) the gaps page and its export list: the viewer's clusters, of one field when asked, in
    the page's sort."""
    field = request.GET.get("field", "").strip()
    sorting = sorting or MATCHING_SORTS.read(request)
    return sorting.apply(matching_clusters(field)), field


@require_safe
@login_required
def matching_list(request):
    if not request.user.has_perm("exchange.view_matching"):
        raise PermissionDenied
    sorting = MATCHING_SORTS.read(request)
    clusters, field = matching_shown(request, sorting)
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sorting": sorting,
        "matches": matches_for(page.object_list),
        "fields": IndustryField.objects.all(),
        "field": field,
        **method_figures(),
    }
    return render(request, "exchange/matching/list.html", context)


def matrix_field(request):
    """The field the matrix is asked for (the first field with a taxonomy by default); None for an unknown one."""
    code = request.GET.get("field", "").strip()
    fields = matching_fields()
    if not code:
        return fields.first()
    return fields.filter(code=code).first()


def matrix_or_refusal(request):
    """(matrix, refusal message) for the ministry's request; PermissionDenied for anyone else."""
    if not request.user.has_perm("exchange.view_matching_matrix"):
        raise PermissionDenied
    field = matrix_field(request)
    if field is None:
        return None, _("Choose an industry field with a chain taxonomy.")
    return matrix_for(field), None


@require_safe
@login_required
def matching_matrix(request):
    matrix, refusal = matrix_or_refusal(request)
    context = {"matrix": matrix, "refusal": refusal, "fields": matching_fields(), **method_figures()}
    return render(request, "exchange/matching/matrix.html", context, status=400 if refusal else 200)


def cluster_section(request, cluster):
    """The cluster page's section of gaps and partners, for viewers who get matchmaking (None for the others)."""
    matches = cluster_matches(cluster)
    if matches is None:
        return None
    return {"matches": matches, **method_figures()}
