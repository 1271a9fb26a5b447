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
