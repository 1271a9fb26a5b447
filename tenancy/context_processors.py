from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .models import Membership
from .registry import registry
from .visibility import Viewer

KIND_LABELS = {
    Viewer.NATIONAL: _("Ministry"),
    Viewer.LOCAL: _("Local government"),
    Viewer.CLUSTER_BODY: _("Cluster promotion body"),
    Viewer.EXPERT: _("Expert"),
    Viewer.ANONYMOUS: "",
}


def viewer(request):
    current = Viewer.for_user(getattr(request, "user", None))
    role_label = Membership.Role(current.role).label if current.role else ""
    return {
        "viewer": current,
        "viewer_kind_label": KIND_LABELS.get(current.kind, ""),
        "viewer_role_label": role_label,
        # The registered menus this viewer sees and the page's breadcrumb trail; built only when a template reads
        # them (base.html), once per page.
        "navigation": SimpleLazyObject(lambda: registry.navigation_for(request, current)),
    }
