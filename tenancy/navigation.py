"""What tenancy adds to the shell: the dashboard, members, API and administration links, and the ministry's
dashboard figures on experts and organisations."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ExpertProfile, Organisation
from .organisations.selectors import may_manage_any
from .registry import ACCOUNT_MENU, DashboardPanel, Menu, MenuEntry, registry
from .visibility import Viewer


def _has_organisation(request, viewer):
    return bool(viewer.organisation_id)


def _is_admin(request, viewer):
    return viewer.role == "admin"


def _manages_organisations(request, viewer):
    return may_manage_any(viewer)


def _onboards(request, viewer):
    return may_manage_any(viewer) or (viewer.is_national and viewer.can_write)


def _is_superuser(request, viewer):
    return request.user.is_superuser


def _reads_outbox(request, viewer):
    from .mail.selectors import reads_outbox

    return reads_outbox(viewer)


# The menus every app may fill: public information (for experts, who have no task menu of their own for it) and the
# organisation's own business; the account entries go in the signed-in user's menu.
MENUS = (
    Menu(key="public", label=pgettext_lazy("menu", "Public information"), order=600),
    Menu(
        key="organisation",
        label=pgettext_lazy("menu", "My organisation"),
        labels={
            Viewer.NATIONAL: pgettext_lazy("menu of the ministry", "Organisations"),
            Viewer.LOCAL: pgettext_lazy("menu", "Organisations"),
        },
        order=700,
    ),
)

MENU = (
    MenuEntry(
        app="tenancy",
        label=_("Members"),
        url_name="member-list",
        menu="organisation",
        order=100,
        predicate=_has_organisation,
        paths=("/organisation/",),
    ),
    MenuEntry(
        app="tenancy",
        label=_("Invitations"),
        url_name="invitation-list",
        menu="organisation",
        order=110,
        predicate=_is_admin,
    ),
    MenuEntry(
        app="tenancy",
        label=_("Organisations"),
        url_name="organisation-list",
        menu="organisation",
        order=200,
        predicate=_manages_organisations,
    ),
    MenuEntry(
        app="tenancy",
        label=_("Bulk onboarding"),
        url_name="onboarding-list",
        menu="organisation",
        order=300,
        predicate=_onboards,
    ),
    MenuEntry(
        app="tenancy",
        label=_("Outbox"),
        url_name="outbox-list",
        menu="organisation",
        order=400,
        predicate=_reads_outbox,
    ),
    MenuEntry(
        app="tenancy",
        label=_("Administration"),
        url_name="admin:index",
        menu="organisation",
        order=900,
        predicate=_is_superuser,
    ),
    # The signed-in user's own menu.
    MenuEntry(
        app="tenancy",
        label=_("My profile"),
        url_name="expert-me",
        menu=ACCOUNT_MENU,
        order=10,
        kinds={Viewer.EXPERT},
        element_id="nav-my-profile",
    ),
    MenuEntry(
        app="tenancy",
        label=_("Change my password"),
        url_name="password-change",
        menu=ACCOUNT_MENU,
        order=20,
        element_id="nav-password-change",
    ),
    MenuEntry(
        app="tenancy",
        label=_("API tokens"),
        url_name="account-tokens",
        menu=ACCOUNT_MENU,
        order=30,
        element_id="nav-api-tokens",
    ),
    MenuEntry(
        app="tenancy",
        label=_("Mail preferences"),
        url_name="mail-preferences",
        menu=ACCOUNT_MENU,
        order=40,
    ),
    MenuEntry(app="tenancy", label=_("Reminders"), url_name="reminder-list", menu=ACCOUNT_MENU, order=50),
    MenuEntry(app="tenancy", label=_("My exports"), url_name="export-list", menu=ACCOUNT_MENU, order=55),
    MenuEntry(app="tenancy", label=_("API"), url_name="api-docs", menu=ACCOUNT_MENU, order=60),
)


def expert_pool_figures(request, viewer):
    return {
        "expert_count": ExpertProfile.objects.count(),
        "eligible_expert_count": ExpertProfile.objects.filter(is_eligible=True).count(),
    }


def organisation_counts(request, viewer):
    kinds = dict(Organisation.objects.filter(is_active=True).order_by().values_list("kind").annotate(n=Count("id")))
    return {"organisation_counts": [(label, kinds.get(value, 0)) for value, label in Organisation.Kind.choices]}


def work_to_do(request, viewer):
    """The viewer's work queues (tenancy.work): each non-empty one with its count and first items."""
    queues = registry.work_for(request, viewer)
    return {"queues": queues, "total": sum(queue.count for queue in queues)}


PANELS = (
    DashboardPanel(
        app="tenancy",
        key="work",
        template="tenancy/dashboard/_work.html",
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT},
        context=work_to_do,
        order=0,
    ),
    DashboardPanel(
        app="tenancy",
        key="expert-pool",
        template="tenancy/dashboard/_expert_pool.html",
        kinds={Viewer.NATIONAL},
        context=expert_pool_figures,
        area="stats",
        order=900,
    ),
    DashboardPanel(
        app="tenancy",
        key="organisations",
        template="tenancy/dashboard/_organisations.html",
        kinds={Viewer.NATIONAL},
        context=organisation_counts,
        order=10,
    ),
)


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
