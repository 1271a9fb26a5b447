"""What the evaluations app adds to the shell, concept by concept: competitions, review, runs and public notice
links (the expert's work is a queue: evaluations/work.py)."""

from django.utils.translation import gettext_lazy as _

from tenancy.registry import MenuEntry, registry
from tenancy.visibility import Viewer

ORGANISATIONS = {Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY}

COMPETITION_MENU = (
    MenuEntry(app="evaluations", label=_("Competitions"), url_name="competition-list", order=300, kinds=ORGANISATIONS),
)

REVIEW_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Expert pool"),
        url_name="expert-pool",
        order=400,
        kinds={Viewer.NATIONAL},
        element_id="nav-expert-pool",
    ),
    MenuEntry(
        app="evaluations",
        label=_("My assignments"),
        url_name="my-assignments",
        order=410,
        kinds={Viewer.EXPERT},
        element_id="nav-my-assignments",
    ),
    MenuEntry(
        app="evaluations",
        label=_("My conflicts of interest"),
        url_name="conflict-list",
        order=420,
        kinds={Viewer.EXPERT},
    ),
)

RUNS_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Evaluation runs"),
        url_name="evaluation-run-list",
        order=500,
        kinds={Viewer.NATIONAL},
        element_id="nav-runs",
    ),
)

NOTICE_MENU = (
    MenuEntry(
        app="evaluations",
        label=_("Public notices"),
        url_name="notice-list",
        group="public",
        order=40,
        signed_in=False,
        element_id="nav-notices",
    ),
    MenuEntry(
        app="evaluations",
        label=_("Objections"),
        url_name="objection-list",
        order=600,
        kinds={Viewer.NATIONAL},
        element_id="nav-objections",
    ),
    MenuEntry(
        app="evaluations",
        label=_("My results"),
        labels={Viewer.LOCAL: _("Results of my clusters")},
        url_name="my-result-list",
        order=610,
        kinds={Viewer.CLUSTER_BODY, Viewer.LOCAL},
        element_id="nav-my-results",
    ),
)


def register():
    registry.register_menu(*COMPETITION_MENU, *REVIEW_MENU, *RUNS_MENU, *NOTICE_MENU)
