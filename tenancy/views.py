from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .forms import LoginForm
from .models import Organisation
from .registry import registry
from .visibility import Viewer


class LoginView(auth_views.LoginView):
    template_name = "tenancy/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown (or returned as JSON to the API) after too many failed logins."""
    message = _("Too many failed sign-in attempts. This account is locked for a while; try again later.")
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"status": 429, "code": "locked_out", "message": message}}, status=429)
    return render(request, "tenancy/locked_out.html", {"message": message}, status=429)


DASHBOARD_TEMPLATES = {
    Viewer.NATIONAL: "tenancy/dashboard_national.html",
    Viewer.LOCAL: "tenancy/dashboard_local.html",
    Viewer.CLUSTER_BODY: "tenancy/dashboard_cluster_body.html",
    Viewer.EXPERT: "tenancy/dashboard_expert.html",
}


def dashboard(request):
    """The viewer's dashboard: a page per viewer kind, filled with the panels the apps registered for that kind; a
    visitor who is not signed in gets the public home page, filled the same way (the panels for anonymous viewers:
    what the programme is, the national clusters on the map, open notices, published policies and results)."""
    viewer = Viewer.for_user(request.user)
    if not request.user.is_authenticated:
        return render(request, "tenancy/home.html", {"panels": registry.dashboard_for(request, viewer)})
    if viewer.kind not in DASHBOARD_TEMPLATES:  # signed in, but neither a member nor an expert: nothing to show
        return render(request, "tenancy/dashboard_none.html")
    context = {"panels": registry.dashboard_for(request, viewer)}
    if viewer.organisation_id:
        context["organisation"] = Organisation.objects.select_related("region").get(pk=viewer.organisation_id)
    return render(request, DASHBOARD_TEMPLATES[viewer.kind], context)


@require_safe
def favicon(request):
    """`/favicon.ico`, which browsers ask for whatever the page says: the platform's icon from the static files."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    with open(path, "rb") as icon:
        response = HttpResponse(icon.read(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
def healthz(request):
    """Database, Redis and Celery workers; 503 when a configured service is down."""
    checks = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        checks["database"] = {"status": "error", "detail": str(exc)}
        healthy = False
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = {"status": "ok"}
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = {"status": "error", "detail": str(exc)}
            healthy = False
        checks["celery"] = (
            _celery_workers() if checks["redis"]["status"] == "ok" else {"status": "unknown", "workers": 0}
        )
    else:
        checks["redis"] = {"status": "not configured"}
        checks["celery"] = {"status": "eager", "workers": 0}
    status = 200 if healthy else 503
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=status)


def _celery_workers():
    from config.celery import app

    replies = app.control.inspect(timeout=0.5).ping() or {}
    return {"status": "ok" if replies else "no workers", "workers": len(replies), "names": sorted(replies)}


API_ERRORS = {
    403: ("permission_denied", _lazy("You do not have permission to do this.")),
    404: ("not_found", _lazy("Not found.")),
    500: ("server_error", _lazy("A server error occurred.")),
}


def _api_error(status):
    code, message = API_ERRORS[status]
    return JsonResponse({"error": {"status": status, "code": code, "message": str(message)}}, status=status)


def handler403(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_error(403)
    return TemplateResponse(request, "403.html", {}, status=403)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_error(404)
    return TemplateResponse(request, "404.html", {}, status=404)


def handler500(request):
    if request.path.startswith("/api/"):
        return _api_error(500)
    # Rendered without the request context: that context may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
