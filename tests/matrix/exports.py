"""Exports in the cross-tenant matrix (tenancy/exports): every signed-in role may ask for an export of a list it
may open (a list of another tenant's object is a 404, as its page is) and sees its own exports only: another's
job, progress and file are 404s, whoever asks. The converted exports of the areas (a cluster's indicator values,
the comparison, plans, entries, a run's results, the national summary, the toolkit comparison) are rows of
`export-new` in their area modules."""

from ..builders.exports import export_job_of, export_request
from ..cast import ADMINS, CLUSTERS, ORGANISATION_OF, ROLES, VISIBLE_CLUSTERS
from .base import ANON, rows, table

OWNERS = ["nanjing_body", "jiangsu", "expert"]


def own(ok):
    """The owner of the export `<owner>-export` gets `ok`; everyone else (same organisation included) 404."""
    return lambda role, target: ok if role == target.removesuffix("-export") else 404


def export_of(route, target):
    return export_job_of(target.removesuffix("-export"), route)


def cluster_pk(world, target):
    return world.clusters[target.split("@")[-1]].pk


def members_of(status_ok):
    return lambda role, target: status_ok if target.split("@")[-1] in VISIBLE_CLUSTERS[role] else 404


def has_organisation(ok):
    return lambda role, _target: ok if ORGANISATION_OF[role] else 403


def ministry_only(ok):
    return lambda role, _target: ok if role == "ministry" else 403


def everyone(status):
    return lambda role, _target: status


MEMBER_LISTS = [f"members@{name}" for name in CLUSTERS]
ANON_PAGE, ANON_API = {ANON: 302}, {ANON: 401}


def cases():
    members = export_request("clusters.members", "csv", target=cluster_pk)
    return table(
        rows("export-list", "get", everyone(200)),
        rows("api:export-list", "get", everyone(200)),
        # A list of a cluster: the export is recorded (302 to its page; 202 in the API) where the page opens.
        rows("export-new", "post", members_of(302), targets=MEMBER_LISTS, fills=members),
        rows("api:export-list", "post", members_of(202), targets=MEMBER_LISTS, fills=members),
        rows(
            "export-new",
            "post",
            members_of(302),
            targets=[f"collaborations@{name}" for name in CLUSTERS],
            fills=export_request("clusters.collaborations", target=cluster_pk),
        ),
        rows(  # a cluster's network analysis runs, where its page opens
            "export-new",
            "post",
            members_of(302),
            targets=[f"network-runs@{name}" for name in CLUSTERS],
            fills=export_request("clusters.network_runs", target=cluster_pk),
        ),
        rows(  # a cluster's rectification notes, where its page opens
            "export-new",
            "post",
            members_of(302),
            targets=[f"rectifications@{name}" for name in CLUSTERS],
            fills=export_request("monitoring.rectifications", target=cluster_pk),
        ),
        rows(
            "export-new", "post", everyone(302), targets=["clusters"], fills=export_request("clusters.clusters", "csv")
        ),
        rows("export-new", "post", everyone(302), targets=["policies"], fills=export_request("policies.policies")),
        rows(
            "export-new",
            "post",
            lambda role, _target: 302 if role == "ministry" else 403,
            targets=["experts"],
            fills=export_request("evaluations.experts"),
        ),
        rows(
            "export-new",
            "post",
            has_organisation(302),
            targets=["members"],
            fills=export_request("tenancy.members"),
        ),
        *(
            rows("export-new", "post", everyone(302), targets=[key], fills=export_request(key))
            for key in (
                "policies.toolkits",
                "evaluations.competitions",
                "monitoring.evaluations",
                "evaluations.notices",  # public notices: the signed-in users export them
                "evaluations.my_results",  # each reads the published results it may read
                "monitoring.methods",
                "clusters.register",  # the public register: the signed-in users export it
            )
        ),
        *(  # the ministry's lists: anyone else is refused (403), nothing recorded
            rows("export-new", "post", ministry_only(302), targets=[key], fills=export_request(key))
            for key in ("evaluations.runs", "evaluations.objections")
        ),
        rows(
            "export-new",
            "post",
            lambda role, _target: 302 if role in {"ministry", "jiangsu", "guangdong"} else 403,
            targets=["organisations"],
            fills=export_request("tenancy.organisations"),
        ),
        rows(  # the governments' and the ministry's verification queue
            "export-new",
            "post",
            lambda role, _target: 302 if role in {"ministry", "jiangsu", "guangdong"} else 403,
            targets=["observation-queue"],
            fills=export_request("clusters.observation_queue"),
        ),
        rows(  # an organisation's administrators
            "export-new",
            "post",
            lambda role, _target: 302 if role in ADMINS else 403,
            targets=["invitations"],
            fills=export_request("tenancy.invitations"),
        ),
        rows(  # an expert's own assignments
            "export-new",
            "post",
            lambda role, _target: 302 if role == "expert" else 403,
            targets=["assignments"],
            fills=export_request("evaluations.assignments"),
        ),
        rows(  # the ministry's declarations of conflicts, an expert's own
            "export-new",
            "post",
            lambda role, _target: 302 if role in {"ministry", "expert"} else 403,
            targets=["conflicts"],
            fills=export_request("evaluations.conflicts"),
        ),
        rows(  # the outbox: an organisation's administrators (the ministry's read every mail)
            "export-new",
            "post",
            lambda role, _target: 302 if role in ADMINS else 403,
            targets=["outbox"],
            fills=export_request("tenancy.outbox"),
        ),
        rows(  # the reminder history: the ministry's every reminder, anyone else's their own
            "export-new", "post", everyone(302), targets=["reminders"], fills=export_request("tenancy.reminders")
        ),
        rows(  # the onboarding history: the administrators who may onboard (the ministry's, a province's)
            "export-new",
            "post",
            lambda role, _target: 302 if role in {"ministry", "jiangsu", "guangdong"} else 403,
            targets=["onboarding"],
            fills=export_request("tenancy.onboarding"),
        ),
        rows("export-new", "post", everyone(400), targets=["unknown"], fills=export_request("no.such.list")),
        *(
            rows(route, "get", own(200), targets=[f"{owner}-export" for owner in OWNERS], url=export_of)
            for route in ("export-detail", "export-status", "export-file", "api:export-detail", "api:export-file")
        ),
        # Anonymous visitors: asked to sign in (pages) or for credentials (API), nothing recorded.
        rows("export-list", "get", ANON_PAGE),
        rows("export-new", "post", ANON_PAGE, targets=["members@nanjing_cluster"], fills=members),
        rows("api:export-list", "get", ANON_API),
        rows("api:export-list", "post", ANON_API, targets=["members@nanjing_cluster"], fills=members),
        *(
            rows(route, "get", ANON_PAGE, targets=["nanjing_body-export"], url=export_of)
            for route in ("export-detail", "export-status", "export-file")
        ),
        *(
            rows(route, "get", ANON_API, targets=["nanjing_body-export"], url=export_of)
            for route in ("api:export-detail", "api:export-file")
        ),
    )


assert set(OWNERS) <= set(ROLES)
