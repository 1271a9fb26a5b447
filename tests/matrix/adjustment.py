"""Dynamic adjustment and reports: the monitoring data the tests build by hand (no engine needed) and the cross-tenant
matrix cases of the decision, rectification, report, summary and dashboard routes.

`monitoring(world)` builds, once per world, a succeeded 2023 and 2024 evaluation with a result for every cluster of
the world:
- nanjing    — grade C, recommendation warn, one warning (stagnation); undecided
- shenzhen   — grade D, recommendation drop, two warnings; undecided
- wuxi       — grade A, keep
- cross      — grade B, keep; decided keep by the ministry (the decision of the detail routes)
- provincial — grade B, keep
and one rectification note on the Nanjing cluster by its promotion body.
"""

from django.urls import reverse

from ..builders.adjustment import READS, monitoring
from ..builders.exports import export_request
from ..cast import LOCAL_GOVERNMENTS, WRITABLE_CLUSTERS
from .base import ANON, rows, table

# Who may file a rectification note for a cluster they read: promotion bodies' and local governments' editors.
NOTE_WRITERS = LOCAL_GOVERNMENTS | set(WRITABLE_CLUSTERS)


def result_url(route, name):
    return lambda world: reverse(route, args=[monitoring(world)["results"][name].pk])


def evaluation_url(route):
    return lambda world: reverse(route, args=[monitoring(world)["evaluation"].pk])


def decision_url(route):
    return lambda world: reverse(route, args=[monitoring(world)["decision"].pk])


def note_url(route):
    return lambda world: reverse(route, args=[monitoring(world)["note"].pk])


def cluster_url(route, name):
    def make(world):
        monitoring(world)
        return reverse(route, args=[world.clusters[f"{name}_cluster"].pk])

    return make


def list_url(route):
    def make(world):
        monitoring(world)
        return reverse(route)

    return make


def read(role, name):
    return 200 if name in READS[role] else 404


def decide(role, name, success):
    if name not in READS[role]:
        return 404
    return success if role == "ministry" else 403


def note_write(role, name):
    if name not in READS[role]:
        return 404
    return 302 if role in NOTE_WRITERS else 403


def listed(route, _target):
    return list_url(route)


def evaluation(route, _target):
    return evaluation_url(route)


def decision(route, _target):
    return decision_url(route)


def note(route, _target):
    return note_url(route)


def result(route, target):
    """The result of the target's cluster (`nanjing`, or `confirmed:nanjing` for a confirmed decision)."""
    return result_url(route, target.split(":")[-1])


def on(url, name):
    """A URL function on a fixed cluster, for a row without a target."""
    return lambda route, _target: url(route, name)


def ministry(ok, other=403):
    return lambda role, _target: ok if role == "ministry" else other


def everyone(status):
    return lambda role, _target: status


def reads(name=None):
    return lambda role, target: read(role, name or target.split(":")[-1])


def decides(success):
    return lambda role, target: decide(role, target.split(":")[-1], success)


def writes_note(role, target):
    """The rule refuses before the cluster is looked up; an unseen cluster is an unknown one (400)."""
    name = target.removeprefix("note@").removesuffix("_cluster")
    return 403 if role not in NOTE_WRITERS else 201 if name in READS[role] else 400


DECIDED = ["nanjing", "shenzhen"]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def page_cases():
    return table(
        rows("monitoring-dashboard", "get", ministry(200), url=listed),
        rows(  # the national summary, exported as a job (tenancy/exports)
            "export-new",
            "post",
            ministry(302),
            targets=["summary"],
            fills=export_request(
                "monitoring.summary", target=lambda world, _target: monitoring(world)["evaluation"].pk
            ),
        ),
        rows("adjustment-history", "get", reads("cross"), url=decision),
        rows("adjustment-decide", "get", decides(200), targets=DECIDED, url=result),
        rows(
            "adjustment-decide",
            "post",
            decides(302),
            targets=[f"confirmed:{name}" for name in DECIDED],
            url=result,
            data={"decision": "warn", "reason": "整改期一年。", "tier_after": "", "confirmed": "1"},
        ),
        rows("monitoring-result-report", "get", reads(), targets=DECIDED, url=result),
        rows("rectification-list", "get", reads(), targets=DECIDED, url=cluster_url),
        rows(
            "rectification-list",
            "post",
            note_write,
            targets=DECIDED,
            url=cluster_url,
            data={"text": "已制定整改方案。", "decision": ""},
        ),
        rows("monitoring-dashboard", "get", ANON_PAGE, url=listed),
        rows("adjustment-history", "get", ANON_PAGE, url=decision),
        rows("adjustment-decide", "get", ANON_PAGE, url=on(result_url, "nanjing")),
        rows("monitoring-result-report", "get", ANON_PAGE, url=on(result_url, "nanjing")),
        rows("rectification-list", "get", ANON_PAGE, url=on(cluster_url, "nanjing")),
    )


def api_cases():
    return table(
        rows("api:adjustment-decision-list", "get", everyone(200), url=listed),
        rows("api:adjustment-decision-list", "post", ministry(400)),
        rows("api:rectification-note-list", "get", everyone(200), url=listed),
        *(
            rows(route, "get", reads(), targets=["cross"], url=decision)
            for route in ("api:adjustment-decision-detail", "api:adjustment-decision-history")
        ),
        *(
            rows(route, "get", reads(), targets=["nanjing"], url=note)
            for route in ("api:rectification-note-detail", "api:rectification-note-history")
        ),
        rows(
            "api:rectification-note-list",
            "post",
            writes_note,
            targets=[f"note@{name}_cluster" for name in DECIDED],
            url=listed,
            data={"cluster": "__cluster__", "text": "已制定整改方案。"},
        ),
        *(rows(route, "get", ANON_API) for route in ("api:adjustment-decision-list", "api:rectification-note-list")),
        rows("api:adjustment-decision-detail", "get", ANON_API, url=decision),
        rows("api:rectification-note-detail", "get", ANON_API, url=note),
    )


def cases():
    return page_cases() + api_cases()
