"""API of the outbox (administrators: the mail the product sent) and of the reminder history (the ministry's: all,
anyone else's: their own)."""

from rest_framework import permissions

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantReadOnlyViewSet
from tenancy.mail import selectors
from tenancy.mail.api.serializers import OutgoingMailSerializer, ReminderSerializer
from tenancy.models import OutgoingMail, Reminder
from tenancy.visibility import Viewer


class ReadsOutbox(permissions.BasePermission):
    """Only administrators read an outbox (403 for anyone else, as the page answers)."""

    def has_permission(self, request, view):
        return selectors.reads_outbox(Viewer.for_user(request.user))


class OutgoingMailFilter(FilterSet):
    class Meta:
        model = OutgoingMail
        fields = ["kind", "status"]


class OutgoingMailViewSet(TenantReadOnlyViewSet):
    """The mail the product sent, newest first: every mail for the ministry's administrators, the mail to its own
    people for an organisation's administrator; another organisation's mail answers 404. `search` looks in the
    address and the subject."""

    serializer_class = OutgoingMailSerializer
    filterset_class = OutgoingMailFilter
    search_fields = ["to", "subject"]
    ordering_fields = ["created"]
    lookup_value_regex = "[0-9]+"
    permission_classes = [*TenantReadOnlyViewSet.permission_classes, ReadsOutbox]

    def get_queryset(self):
        return selectors.outbox()


class ReminderFilter(FilterSet):
    class Meta:
        model = Reminder
        fields = ["kind", "subject_type"]


class ReminderViewSet(TenantReadOnlyViewSet):
    """The deadline reminders sent, newest first: every reminder for the ministry, one's own for anyone else."""

    serializer_class = ReminderSerializer
    filterset_class = ReminderFilter
    ordering_fields = ["created", "deadline"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.reminder_history()
