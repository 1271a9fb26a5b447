"""The search page: every kind's best hits for the query, or one kind's longer list (`?kind=`)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from tenancy.scoping import current_viewer

from .registry import kind, kinds
from .selectors import DEFAULT_LIMIT, MAX_LIMIT, search
from .wording import problem_message


@require_safe
def search_page(request):
    text = request.GET.get("q", "")
    only = request.GET.get("kind", "")
    if only and kind(only) is None:
        only = ""
    viewer = current_viewer()
    results = search(viewer=viewer, text=text, only=only, limit=MAX_LIMIT if only else DEFAULT_LIMIT)
    context = {
        "results": results,
        "query_text": results.query.text,
        "only": only,
        "kinds": [entry for entry in kinds() if entry.queryset(viewer) is not None],
        "message": problem_message(results.query) if text.strip() or only else "",
    }
    return render(request, "tenancy/search.html", context)
