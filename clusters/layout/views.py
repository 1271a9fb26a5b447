"""Pages of the cluster layout: the matrix of provinces × industry fields, the tile grid of the provinces, the
gaps and the Excel export (for signed-in users a job: clusters/layout/exports.py); `/layout/` over the clusters the
viewer may see, `/layout/public/` over the public register's national-level clusters, for anyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clusters.layout.selectors import filter_layout_form, layout_for, layout_sheets
from clusters.profiles.selectors import public_register, visible_clusters
from tenancy.exports import xlsx_response
from tenancy.visibility import Viewer


def _layout(request, *, public):
    """(form, layout); the layout is None when a filter is invalid (the form holds the errors)."""
    form, provinces, fields = filter_layout_form(request.GET, public=public)
    if not form.is_valid():
        return form, None
    viewer = None if public else Viewer.for_user(request.user)
    layout = layout_for(
        clusters=public_register() if public else visible_clusters(),
        viewer=viewer,
        filters=form.layout_filters(),
        provinces=provinces,
        fields=fields,
        public=public,
    )
    return form, layout


def _query_without(request, name):
    """The query string without one filter, for links that set it."""
    params = request.GET.copy()
    params.pop(name, None)
    return params.urlencode()


def _page(request, *, public):
    form, layout = _layout(request, public=public)
    query = request.GET.urlencode()
    return render(
        request,
        "clusters/layout/layout.html",
        {
            "form": form,
            "layout": layout,
            "public": public,
            "query": query,
            "page_url": reverse("layout-public" if public else "layout"),
            "export_url": reverse("layout-public-export") + (f"?{query}" if query else "") if public else "",
            "detail_route": "register-detail" if public else "cluster-detail",
            "query_without_province": _query_without(request, "province"),
            "query_without_field": _query_without(request, "field"),
        },
        status=200 if layout is not None else 400,
    )


def layout_or_refusal(request, *, public):
    """The layout for the request's filters; a message when they are wrong."""
    _form, layout = _layout(request, public=public)
    return layout, None if layout is not None else _("Correct the filters first.")


@require_safe
@login_required
def cluster_layout(request):
    return _page(request, public=False)


@require_safe
def public_layout(request):
    return _page(request, public=True)


@require_safe
def public_layout_export(request):
    """The public layout as Excel, made at once: its visitors are not signed in, so no export job can be theirs
    (signed-in users export the layout as a job, clusters/layout/exports.py)."""
    layout, refusal = layout_or_refusal(request, public=True)
    if refusal:
        messages.error(request, refusal)
        return redirect(f"{reverse('layout-public')}?{request.GET.urlencode()}")
    return xlsx_response(layout_sheets(layout), "cluster-layout-public.xlsx")
