"""The invitation list's sortable columns (tenancy.tables)."""

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

# An invitation's status is worked out from its dates (Invitation.status); sorted in the order of Invitation.Status.
STATUS_ORDER = Case(
    When(accepted__isnull=False, then=Value(1)),
    When(withdrawn__isnull=False, then=Value(2)),
    When(expires__lte=Now(), then=Value(3)),
    default=Value(0),
    output_field=IntegerField(),
)
INVITATION_SORTS = Sorts(
    {
        "person": Sort(gettext_lazy("Person"), "user__username"),
        "email": Sort(gettext_lazy("E-mail"), "email"),
        "organisation": Sort(gettext_lazy("Organisation"), "organisation__name"),
        "status": Sort(gettext_lazy("Status"), STATUS_ORDER),
        "sent": Sort(gettext_lazy("Last sent"), "sent", descending_first=True),
        "expires": Sort(gettext_lazy("Expires"), "expires"),
    },
    default="-sent",
)
