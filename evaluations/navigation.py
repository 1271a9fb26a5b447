"""What the evaluations app adds to the shell, concept by concept: competitions, review, runs and public notice
links (the expert's work is a queue: evaluations/work.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.registry import DashboardPanel, Menu, MenuEntry, registry
from tenancy.visibility import Viewer

ORGANISATIONS = {Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY}

MENUS = (Menu(key="competitions", label=pgettext_lazy("menu", "Competitions"), order=300),)

COMPETITION_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Competitions"),
        url_name="competition-list",
        menu="competitions",
        menus={Viewer.EXPERT: "clusters"},  # the competitions an expert reviews, beside the assignments
        order=100,
        kinds={*ORGANISATIONS, Viewer.EXPERT},
        element_id="nav-competitions",
        paths=("/rounds/",),
    ),
    MenuEntry(
        app="evaluations",
        label=_("Competition entries"),
        url_name="entry-list",
        menu="competitions",
        order=110,
        kinds=ORGANISATIONS,
        element_id="nav-entries",
    ),
)

REVIEW_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Expert pool"),
        url_name="expert-pool",
        menu="organisation",
        order=150,
        kinds={Viewer.NATIONAL},
        element_id="nav-expert-pool",
        paths=("/review/", "/experts/"),
    ),
    # An expert's review work heads the clusters menu, which is theirs to review.
    MenuEntry(
        app="evaluations",
        label=_("My assignments"),
        url_name="my-assignments",
        menu="clusters",
        order=10,
        kinds={Viewer.EXPERT},
        element_id="nav-my-assignments",
    ),
    MenuEntry(
        app="evaluations",
        label=_("My conflicts of interest"),
        url_name="conflict-list",
        menu="clusters",
        order=20,
        kinds={Viewer.EXPERT},
        element_id="nav-conflicts",
    ),
)

RUNS_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Evaluation runs"),
        url_name="evaluation-run-list",
        menu="competitions",
        order=200,
        kinds={Viewer.NATIONAL},
        element_id="nav-runs",
    ),
)

NOTICE_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Public notices"),
        url_name="notice-list",
        menu="competitions",
        menus={Viewer.ANONYMOUS: "", Viewer.EXPERT: "public"},
        order=300,
        signed_in=False,
        element_id="nav-notices",
    ),
    MenuEntry(
        app="evaluations",
        label=_("Objections"),
        url_name="objection-list",
        menu="competitions",
        order=310,
        kinds={Viewer.NATIONAL},
        element_id="nav-objections",
    ),
    MenuEntry(
        app="evaluations",
        label=_("My results"),
        labels={Viewer.LOCAL: _("Results of my clusters")},
        url_name="my-result-list",
        menu="competitions",
        order=320,
        kinds={Viewer.CLUSTER_BODY, Viewer.LOCAL},
        element_id="nav-my-results",
    ),
)


def open_notices(request, viewer):
    """The public notices open for objections now (the public home page)."""
    from django.utils import timezone

    from evaluations.models import PublicNotice
    from evaluations.notice.selectors import visible_notices

    now = timezone.now()
    notices = visible_notices().filter(status=PublicNotice.Status.OPEN, opens__lte=now, closes__gt=now)
    return {"notices": list(notices[:5])}


def published_results(request, viewer):
    """The latest notices whose final result is published (the public home page)."""
    from evaluations.models import PublicNotice

    finals = PublicNotice.objects.filter(status=PublicNotice.Status.FINAL).order_by("-final_published_at", "-pk")
    return {"notices": list(finals[:5])}


PANELS = (
    DashboardPanel(
        app="evaluations",
        key="home-open-notices",
        template="evaluations/home/_open_notices.html",
        kinds={Viewer.ANONYMOUS},
        context=open_notices,
        order=30,
    ),
    DashboardPanel(
        app="evaluations",
        key="home-published-results",
        template="evaluations/home/_published_results.html",
        kinds={Viewer.ANONYMOUS},
        context=published_results,
        order=50,
    ),
)


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*COMPETITION_MENU, *REVIEW_MENU, *RUNS_MENU, *NOTICE_MENU)
    registry.register_panels(*PANELS)
