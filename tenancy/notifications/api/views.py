"""API of the in-app notifications: the caller's organisation's notifications, marked read per user."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantReadOnlyViewSet
from tenancy.models import Notification
from tenancy.notifications.api.serializers import NotificationSerializer
from tenancy.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notifications_for,
    unread_count,
)


class NotificationFilter(FilterSet):
    unread = filters.BooleanFilter(method="filter_unread", label="only the unread (true) or only the read (false)")

    class Meta:
        model = Notification
        fields = ["kind"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(is_read=not value)


ReadAllSerializer = inline_serializer(
    "NotificationsReadAll", fields={"marked": serializers.IntegerField(), "unread": serializers.IntegerField()}
)


class NotificationViewSet(TenantReadOnlyViewSet):
    """Notifications to the caller's organisation (every member sees them), newest first; `read` is per user.
    Nobody sees another organisation's notifications (404)."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created"]
    lookup_value_regex = "[0-9]+"
    permission_rules = {"read": "tenancy.mark_notification_read", "read_all": "tenancy.mark_notification_read"}

    def get_queryset(self):
        return notifications_for(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        """Mark the notification read for the caller."""
        notification = self.get_object()
        notification_mark_read(notification=notification, user=request.user)
        notification.is_read = True
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        """Mark every notification of the caller's organisation read for the caller."""
        marked = notification_mark_all_read(user=request.user)
        return Response({"marked": marked, "unread": unread_count(user=request.user)})
