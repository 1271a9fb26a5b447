import unicodedata

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_scopes import scope

from .scoping import system_scope
from .visibility import RequestViewer


class TenantScopeMiddleware:
    """Runs every request inside a scope for the requesting user.

    Django's admin is for superusers only and works on every tenant's data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.user.is_superuser:
            with system_scope():
                return self.get_response(request)
        with scope(viewer=RequestViewer(request)):
            return self.get_response(request)


def control_characters(text: str) -> bool:
    """Whether text holds a C0 or C1 control character (NUL, ESC, DEL…): never part of a name, a search or an id."""
    return any(unicodedata.category(char) == "Cc" for char in text)


class QueryStringMiddleware:
    """Refuses a query string carrying control characters with a 400 before any view reads it: a NUL byte cannot
    reach PostgreSQL (which refuses it in text with a server error), and no page or API filter needs one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = [
            key
            for key, values in request.GET.lists()
            if control_characters(key) or any(map(control_characters, values))
        ]
        if refused:
            return bad_query_response(request, refused)
        return self.get_response(request)


def bad_query_response(request, names):
    """A 400 naming each refused parameter (under `fields` in the API's error body)."""
    message = _("The address holds control characters, which no filter accepts. Remove them and try again.")
    if request.path.startswith("/api/"):
        from .api.errors import error_body

        fields = {name: [message] for name in names}
        return JsonResponse(error_body(400, "invalid_query", message, fields), status=400)
    return render(request, "400.html", {"message": message}, status=400)


class DatabaseBusyMiddleware:
    """A write that still finds SQLite locked after waiting (`make run`): 409 "busy, try again", never a 500.
    The API gets its JSON error body (code `busy`), a page a short text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError
        from django.http import HttpResponse

        from .api.errors import error_body

        if not isinstance(exception, OperationalError) or "database is locked" not in str(exception):
            return None
        message = _("The database is busy; try again in a moment.")
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(409, "busy", message), status=409)
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
