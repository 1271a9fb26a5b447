"""Matrix cases of cultivation plans (API and pages) and of the in-app notifications.

Plans are made through the services by each case (tests/builders/plans.py), in the workflow state the case
needs. Expectations follow DESIGN §2: the ministry reads plans submitted at least once and decides on submitted
ones; a local government reads its own plans (drafts too) and the submitted plans of clusters in its
jurisdiction, and writes its own; a promotion body reads its clusters' submitted plans; an expert and an
anonymous visitor read none. Another tenant's plan is a 404, a visible plan the role may not change a 403,
a plan in the wrong state for the request a 409 (API) or a redirect back to the plan with a message (pages).
"""

from django.urls import reverse

from ..builders.exports import export_request
from ..builders.plans import make_plan, plan_form_data
from ..cast import JURISDICTION, MEMBERS, ORGANISATION_OF, PROMOTES
from ..cast import LOCAL_GOVERNMENTS as LOCAL
from .base import ANON, rows, table

# name -> how the case's plan is made
PLANS = {
    "draft-nanjing": {"cluster": "nanjing_cluster", "by": "jiangsu", "state": "draft"},
    "submitted-nanjing": {"cluster": "nanjing_cluster", "by": "jiangsu", "state": "submitted"},
    "returned-shenzhen": {"cluster": "shenzhen_cluster", "by": "guangdong", "state": "returned"},
    "resubmitted-cross": {
        "cluster": "cross_cluster",
        "by": "guangdong",
        "owners": ["guangdong", "jiangsu"],
        "state": "resubmitted",
    },
    "approved-wuxi": {"cluster": "wuxi_cluster", "by": "jiangsu", "state": "approved"},
}


# Visibility is the same queryset for every route of a plan: the main routes go over every plan above, the
# others over a draft (its owner alone sees it) and a co-owned cross-region plan with two versions.
FEW = ["draft-nanjing", "resubmitted-cross"]


def owners_of(spec):
    return set(spec.get("owners") or [spec["by"]])


def sees(role, spec):
    submitted = spec["state"] != "draft"
    if role == "ministry":
        return submitted
    if role in LOCAL:
        return role in owners_of(spec) or (submitted and spec["cluster"] in JURISDICTION[role])
    if role in PROMOTES:
        return submitted and spec["cluster"] in PROMOTES[role]
    return False


def editable(spec):
    return spec["state"] in ("draft", "returned")


def owner_write(role, spec, *, allowed, success, refused):
    """An owner's write: 404 unseen, 403 not an owner, `refused` in the wrong state, else `success`."""
    if not sees(role, spec):
        return 404
    if role not in owners_of(spec):
        return 403
    return success if allowed else refused


def ministry_write(role, spec, *, success, refused):
    if not sees(role, spec):
        return 404
    if role != "ministry":
        return 403
    return success if spec["state"] in ("submitted", "resubmitted") else refused


def plan_url(route, name, *extra):
    def make(world):
        spec = PLANS[name]
        plan = make_plan(world, cluster=spec["cluster"], by=spec["by"], owners=spec.get("owners"), state=spec["state"])
        return reverse(route, args=[plan.pk, *extra])

    return make


def route_url(route):
    return lambda world: reverse(route)


def at(route, _target):
    """The route's own URL (a list or a form), for a case that creates a plan."""
    return route_url(route)


def version_one(route, name):
    return plan_url(route, name, 1)


def action_url(route, target):
    """`action:plan` -> the transition page of that action on that plan."""
    action, name = target.split(":")
    return plan_url(route, name, action)


def post_url(route, target):
    """`post:plan` or `post-action:plan` -> the page the form is posted to."""
    kind, name = target.split(":")
    action = kind.removeprefix("post").removeprefix("-")
    return plan_url(route, name, action) if action else plan_url(route, name)


# Expectations on a named plan, from the truth table (`sees`) and the plan's state.


def read(role, name):
    return 200 if sees(role, PLANS[name]) else 404


def read_version(role, name):
    return 404 if PLANS[name]["state"] == "draft" else read(role, name)


def read_diff(role, name):
    if read(role, name) != 200:
        return 404
    return 200 if PLANS[name]["state"] == "resubmitted" else 400


def edit(success, refused):
    """An owner's write on a plan in an editable state (draft, returned)."""
    return lambda role, name: owner_write(
        role, PLANS[name], allowed=editable(PLANS[name]), success=success, refused=refused
    )


def delete(success, refused):
    """An owner's deletion of a draft."""
    return lambda role, name: owner_write(
        role, PLANS[name], allowed=PLANS[name]["state"] == "draft", success=success, refused=refused
    )


def decide(success, refused):
    """The ministry's decision on a submitted plan."""
    return lambda role, name: ministry_write(role, PLANS[name], success=success, refused=refused)


def on(expectation):
    """An expectation on a plan, for a target `kind:plan`."""
    return lambda role, target: expectation(role, target.split(":")[1])


def local(if_local, otherwise):
    return lambda role, _target: if_local if role in LOCAL else otherwise


ALL = list(PLANS)
ANON_PLAN = ["submitted-nanjing"]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def api_plan_cases():
    return table(
        rows("api:plan-list", "get", lambda role, _: 200),
        rows("api:plan-list", "get", ANON_API),
        rows("api:plan-list", "post", local(400, 403), targets=["empty"], url=at),  # 400: an empty body
        rows("api:plan-list", "post", ANON_API),
        # Valid creations: a local government for a cluster in its jurisdiction; elsewhere the cluster "does not
        # exist".
        *(
            rows(
                "api:plan-list",
                "post",
                {role: expected},
                targets=[f"create@{cluster}"],
                url=at,
                data={"cluster": "__cluster__", "title": "培育提升方案", "period_start": 2023, "period_end": 2027},
            )
            for role, cluster, expected in (
                ("jiangsu", "nanjing_cluster", 201),
                ("guangdong", "cross_cluster", 201),
                ("guangdong", "nanjing_cluster", 400),
            )
        ),
        rows("api:plan-detail", "get", read, targets=ALL, url=plan_url),
        rows("api:plan-detail", "patch", edit(200, 409), targets=ALL, url=plan_url, data={"title": "新标题"}),
        rows("api:plan-detail", "delete", delete(204, 409), targets=FEW, url=plan_url),
        rows("api:plan-submit", "post", edit(200, 409), targets=ALL, url=plan_url),
        rows("api:plan-approve", "post", decide(200, 409), targets=ALL, url=plan_url),
        rows(
            "api:plan-return", "post", decide(200, 409), targets=FEW, url=plan_url, data={"comment": "请细化年度目标。"}
        ),
        # Returning needs a comment: the ministry without one gets a field error.
        rows(
            "api:plan-return",
            "post",
            {"ministry": 400},
            targets=["submitted-nanjing-no-comment"],
            url=lambda route, _target: plan_url(route, "submitted-nanjing"),
        ),
        *(
            rows(route, "get", read, targets=FEW, url=plan_url)
            for route in ("api:plan-history", "api:plan-transitions", "api:plan-progress", "api:plan-versions")
        ),
        rows("api:plan-version", "get", read_version, targets=FEW, url=version_one),
        rows("api:plan-diff", "get", read_diff, targets=FEW, url=plan_url),
        *(
            rows(route, "get", ANON_API, targets=ANON_PLAN, url=plan_url)
            for route in (
                "api:plan-detail",
                "api:plan-history",
                "api:plan-transitions",
                "api:plan-progress",
                "api:plan-versions",
                "api:plan-diff",
            )
        ),
        rows("api:plan-version", "get", ANON_API, targets=ANON_PLAN, url=version_one),
        *(
            rows(route, "post", ANON_API, targets=ANON_PLAN, url=plan_url)
            for route in ("api:plan-submit", "api:plan-approve", "api:plan-return")
        ),
    )


def page_plan_cases():
    pages = lambda role, _: 200 if role in MEMBERS else 403  # noqa: E731
    return table(
        rows("plan-list", "get", pages),
        rows(  # the plan list as an export job (tenancy/exports)
            "export-new",
            "post",
            lambda role, _: 302 if role in MEMBERS else 403,
            targets=["plans"],
            fills=export_request("policies.plans"),
        ),
        rows("plan-add", "get", local(200, 403)),
        rows("plan-add", "post", local(400, 403), targets=["empty"], url=at),
        rows(
            "plan-add",
            "post",
            {"jiangsu": 302},
            targets=["valid@nanjing_cluster"],
            url=at,
            data={**plan_form_data(), "cluster": "__cluster__"},
        ),
        rows("plan-summary", "get", lambda role, _: 302 if role in ("ministry", *LOCAL) else 403),
        rows("plan-summary-national", "get", lambda role, _: 200 if role == "ministry" else 403),
        rows(
            "plan-summary-local",
            "get",
            lambda role, _: 200 if role in ("ministry", "jiangsu") else 404,
            targets=["org:jiangsu"],
        ),
        rows("plan-detail", "get", read, targets=ALL, url=plan_url),
        rows("plan-edit", "get", edit(200, 302), targets=ALL, url=plan_url),
        rows("plan-transition", "get", on(edit(200, 302)), targets=[f"submit:{name}" for name in ALL], url=action_url),
        rows("plan-history", "get", read, targets=FEW, url=plan_url),
        rows("plan-diff", "get", read, targets=FEW, url=plan_url),
        rows("plan-version", "get", read_version, targets=FEW, url=version_one),
        rows("plan-delete", "get", delete(200, 302), targets=FEW, url=plan_url),
        rows(
            "plan-transition",
            "get",
            on(decide(200, 302)),
            targets=[f"{action}:{name}" for name in FEW for action in ("approve", "return")],
            url=action_url,
        ),
        # Writes through the pages on one plan per kind of write.
        rows(
            "plan-edit",
            "post",
            on(edit(302, 302)),
            targets=["post:draft-nanjing", "post:submitted-nanjing"],
            url=post_url,
            data=lambda role, target: plan_form_data(),
        ),
        rows("plan-delete", "post", on(delete(302, 302)), targets=["post:draft-nanjing"], url=post_url),
        rows("plan-transition", "post", on(edit(302, 400)), targets=["post-submit:returned-shenzhen"], url=post_url),
        rows(
            "plan-transition",
            "post",
            on(decide(302, 400)),
            targets=["post-return:submitted-nanjing"],
            url=post_url,
            data={"comment": "请补充年度分解。"},
        ),
        rows("plan-transition", "post", on(decide(302, 400)), targets=["post-approve:approved-wuxi"], url=post_url),
        *(
            rows(route, "get", ANON_PAGE)
            for route in ("plan-list", "plan-add", "plan-summary", "plan-summary-national")
        ),
        rows("plan-summary-local", "get", ANON_PAGE, targets=["org:jiangsu"]),
        *(
            rows(route, "get", ANON_PAGE, targets=ANON_PLAN, url=plan_url)
            for route in ("plan-detail", "plan-history", "plan-diff", "plan-edit", "plan-delete")
        ),
        rows("plan-version", "get", ANON_PAGE, targets=ANON_PLAN, url=version_one),
        rows(
            "plan-transition",
            "get",
            ANON_PAGE,
            targets=ANON_PLAN,
            url=lambda route, name: plan_url(route, name, "approve"),
        ),
    )


# Notifications ----------------------------------------------------------------------------------------------------


def notification_url(route, organisation):
    """A notification to `organisation` (a cast organisation), as a returned plan would send it."""

    def make(world):
        from tenancy.notifications.services import notify

        notification = notify(
            [world.orgs[organisation]],
            kind="plans.returned",
            params={"plan": "测试方案", "cluster": "测试集群", "organisation": "工业和信息化部", "comment": "请补充"},
            link="/plans/",
            actor=world.ministry,
        )[0]
        return reverse(route, args=[notification.pk])

    return make


def note_url(route, target):
    return notification_url(route, target.removeprefix("note:"))


def own_note(done):
    """A notification to the role's own organisation answers `done`; another organisation's is a 404."""
    return lambda role, target: done if ORGANISATION_OF[role] == target.removeprefix("note:") else 404


def member(done):
    return lambda role, _: done if role in MEMBERS else 403


NOTES = ["note:jiangsu", "note:nanjing_body"]


def notification_cases():
    return table(
        rows("api:notification-list", "get", lambda role, _: 200),
        rows("api:notification-read-all", "post", lambda role, _: 200),
        rows("notification-list", "get", member(200)),
        rows("notification-read-all", "post", member(302)),
        rows("api:notification-detail", "get", own_note(200), targets=NOTES, url=note_url),
        rows("api:notification-read", "post", own_note(200), targets=NOTES, url=note_url),
        rows("notification-open", "get", own_note(302), targets=NOTES, url=note_url),
        rows("notification-read", "post", own_note(302), targets=NOTES, url=note_url),
        rows("api:notification-list", "get", ANON_API),
        rows("api:notification-read-all", "post", ANON_API),
        rows("notification-list", "get", ANON_PAGE),
        rows("notification-read-all", "post", ANON_PAGE),
        rows("api:notification-detail", "get", ANON_API, targets=["note:jiangsu"], url=note_url),
        rows("api:notification-read", "post", ANON_API, targets=["note:jiangsu"], url=note_url),
        rows("notification-open", "get", ANON_PAGE, targets=["note:jiangsu"], url=note_url),
        rows("notification-read", "post", ANON_PAGE, targets=["note:jiangsu"], url=note_url),
    )


def cases():
    return api_plan_cases() + page_plan_cases() + notification_cases()
