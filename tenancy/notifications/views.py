"""The notifications page: the organisation's in-app notifications, newest first, each marked read per user."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tenancy.notifications.services import notification_mark_all_read, notification_mark_read, notifications_for
from tenancy.notifications.tables import NOTIFICATION_SORTS
from tenancy.visibility import Viewer

PAGE_SIZE = 25


def _require_organisation(request):
    if Viewer.for_user(request.user).organisation_id is None:
        raise PermissionDenied


@login_required
@require_safe
def notification_list(request):
    _require_organisation(request)
    notifications = notifications_for(user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.filter(is_read=False)
    sorting = NOTIFICATION_SORTS.read(request)
    page = Paginator(sorting.apply(notifications), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "sorting": sorting, "unread_only": unread_only}
    return render(request, "tenancy/notification_list.html", context)


def _safe_link(request, link):
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return None


@login_required
@require_safe
def notification_open(request, pk):
    """Mark the notification read and follow its link."""
    notification = get_object_or_404(notifications_for(user=request.user), pk=pk)
    notification_mark_read(notification=notification, user=request.user)
    return redirect(_safe_link(request, notification.link) or "notification-list")


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(notifications_for(user=request.user), pk=pk)
    notification_mark_read(notification=notification, user=request.user)
    return redirect(_safe_link(request, request.POST.get("next")) or "notification-list")


@login_required
@require_POST
def notification_read_all(request):
    _require_organisation(request)
    count = notification_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications were marked read.") % {"count": count})
    return redirect("notification-list")
