"""Matrix cases of cultivation plans (API and pages) and of the in-app notifications.

Plans are made through the services by each case (tests/builders/plans.py), in the workflow state the case
needs. Expectations follow DESIGN §2: the ministry reads plans submitted at least once and decides on submitted
ones; a local government reads its own plans (drafts too) and the submitted plans of clusters in its
jurisdiction, and writes its own; a promotion body reads its clusters' submitted plans; an expert and an
anonymous visitor read none. Another tenant's plan is a 404, a visible plan the role may not change a 403,
a plan in the wrong state for the request a 409 (API) or a redirect back to the plan with a message (pages).
"""

from django.urls import reverse

from ..builders.plans import make_plan, plan_form_data
from ..cast import JURISDICTION, MEMBERS, ORGANISATION_OF, PROMOTES, ROLES
from ..cast import LOCAL_GOVERNMENTS as LOCAL
from .base import ANON, Case

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


def api_plan_cases():
    cases = []
    for role in ROLES:
        cases.append(Case("api:plan-list", role, "get", 200))
        create = 400 if role in LOCAL else 403  # 400: an empty body, nothing created
        cases.append(
            Case("api:plan-list", role, "post", create, target="empty", data={}, url=route_url("api:plan-list"))
        )
        for name, spec in PLANS.items():
            read = 200 if sees(role, spec) else 404
            cases.append(Case("api:plan-detail", role, "get", read, target=name, url=plan_url("api:plan-detail", name)))
            cases.append(
                Case(
                    "api:plan-detail",
                    role,
                    "patch",
                    owner_write(role, spec, allowed=editable(spec), success=200, refused=409),
                    target=name,
                    data={"title": "新标题"},
                    url=plan_url("api:plan-detail", name),
                )
            )
            cases.append(
                Case(
                    "api:plan-submit",
                    role,
                    "post",
                    owner_write(role, spec, allowed=editable(spec), success=200, refused=409),
                    target=name,
                    url=plan_url("api:plan-submit", name),
                )
            )
            cases.append(
                Case(
                    "api:plan-approve",
                    role,
                    "post",
                    ministry_write(role, spec, success=200, refused=409),
                    target=name,
                    url=plan_url("api:plan-approve", name),
                )
            )
        for name in FEW:
            spec = PLANS[name]
            read = 200 if sees(role, spec) else 404
            for route in ("api:plan-history", "api:plan-transitions", "api:plan-progress", "api:plan-versions"):
                cases.append(Case(route, role, "get", read, target=name, url=plan_url(route, name)))
            cases.append(
                Case(
                    "api:plan-version",
                    role,
                    "get",
                    read if spec["state"] != "draft" else 404,
                    target=name,
                    url=plan_url("api:plan-version", name, 1),
                )
            )
            cases.append(
                Case(
                    "api:plan-diff",
                    role,
                    "get",
                    (200 if spec["state"] == "resubmitted" else 400) if read == 200 else 404,
                    target=name,
                    url=plan_url("api:plan-diff", name),
                )
            )
            cases.append(
                Case(
                    "api:plan-detail",
                    role,
                    "delete",
                    owner_write(role, spec, allowed=spec["state"] == "draft", success=204, refused=409),
                    target=name,
                    url=plan_url("api:plan-detail", name),
                )
            )
            cases.append(
                Case(
                    "api:plan-return",
                    role,
                    "post",
                    ministry_write(role, spec, success=200, refused=409),
                    target=name,
                    data={"comment": "请细化年度目标。"},
                    url=plan_url("api:plan-return", name),
                )
            )
    # Valid creations: a local government for a cluster in its jurisdiction; elsewhere the cluster "does not exist".
    for role, cluster, expected in (
        ("jiangsu", "nanjing_cluster", 201),
        ("guangdong", "cross_cluster", 201),
        ("guangdong", "nanjing_cluster", 400),
    ):
        cases.append(
            Case(
                "api:plan-list",
                role,
                "post",
                expected,
                target=f"create@{cluster}",
                url=route_url("api:plan-list"),
                data={
                    "cluster": "__cluster__",
                    "title": "培育提升方案",
                    "period_start": 2023,
                    "period_end": 2027,
                },
            )
        )
    # Returning needs a comment: the ministry without one gets a field error.
    cases.append(
        Case(
            "api:plan-return",
            "ministry",
            "post",
            400,
            target="submitted-nanjing-no-comment",
            url=plan_url("api:plan-return", "submitted-nanjing"),
        )
    )
    cases.append(Case("api:plan-list", ANON, "get", 401))
    cases.append(Case("api:plan-list", ANON, "post", 401, data={}))
    for route, extra in (
        ("api:plan-detail", ()),
        ("api:plan-history", ()),
        ("api:plan-transitions", ()),
        ("api:plan-progress", ()),
        ("api:plan-versions", ()),
        ("api:plan-version", (1,)),
        ("api:plan-diff", ()),
    ):
        url = plan_url(route, "submitted-nanjing", *extra)
        cases.append(Case(route, ANON, "get", 401, target="submitted-nanjing", url=url))
    for route in ("api:plan-submit", "api:plan-approve", "api:plan-return"):
        url = plan_url(route, "submitted-nanjing")
        cases.append(Case(route, ANON, "post", 401, target="submitted-nanjing", url=url))
    return cases


def page_plan_cases():
    cases = []
    plan_pages = MEMBERS
    for role in ROLES:
        pages = 200 if role in plan_pages else 403
        cases += [
            Case("plan-list", role, "get", pages, api=False),
            Case("plan-export", role, "get", pages, api=False),
            Case("plan-add", role, "get", 200 if role in LOCAL else 403, api=False),
            Case(
                "plan-add",
                role,
                "post",
                400 if role in LOCAL else 403,
                target="empty",
                api=False,
                url=route_url("plan-add"),
            ),
            Case("plan-summary", role, "get", 302 if role in ("ministry", *LOCAL) else 403, api=False),
            Case("plan-summary-national", role, "get", 200 if role == "ministry" else 403, api=False),
            Case(
                "plan-summary-local",
                role,
                "get",
                200 if role in ("ministry", "jiangsu") else 404,
                target="org:jiangsu",
                api=False,
            ),
        ]
        for name, spec in PLANS.items():
            read = 200 if sees(role, spec) else 404
            cases.append(
                Case("plan-detail", role, "get", read, target=name, api=False, url=plan_url("plan-detail", name))
            )
            cases.append(
                Case(
                    "plan-edit",
                    role,
                    "get",
                    owner_write(role, spec, allowed=editable(spec), success=200, refused=302),
                    target=name,
                    api=False,
                    url=plan_url("plan-edit", name),
                )
            )
            cases.append(
                Case(
                    "plan-transition",
                    role,
                    "get",
                    owner_write(role, spec, allowed=editable(spec), success=200, refused=302),
                    target=f"submit:{name}",
                    api=False,
                    url=plan_url("plan-transition", name, "submit"),
                )
            )
        for name in FEW:
            spec = PLANS[name]
            read = 200 if sees(role, spec) else 404
            for route in ("plan-history", "plan-diff"):
                cases.append(Case(route, role, "get", read, target=name, api=False, url=plan_url(route, name)))
            cases.append(
                Case(
                    "plan-version",
                    role,
                    "get",
                    read if spec["state"] != "draft" else 404,
                    target=name,
                    api=False,
                    url=plan_url("plan-version", name, 1),
                )
            )
            cases.append(
                Case(
                    "plan-delete",
                    role,
                    "get",
                    owner_write(role, spec, allowed=spec["state"] == "draft", success=200, refused=302),
                    target=name,
                    api=False,
                    url=plan_url("plan-delete", name),
                )
            )
            for action in ("approve", "return"):
                cases.append(
                    Case(
                        "plan-transition",
                        role,
                        "get",
                        ministry_write(role, spec, success=200, refused=302),
                        target=f"{action}:{name}",
                        api=False,
                        url=plan_url("plan-transition", name, action),
                    )
                )
        # Writes through the pages on one plan per kind of write.
        cases += [
            Case(
                "plan-edit",
                role,
                "post",
                owner_write(role, PLANS["draft-nanjing"], allowed=True, success=302, refused=302),
                target="post:draft-nanjing",
                api=False,
                data=plan_form_data(),
                url=plan_url("plan-edit", "draft-nanjing"),
            ),
            Case(
                "plan-edit",
                role,
                "post",
                owner_write(role, PLANS["submitted-nanjing"], allowed=False, success=302, refused=302),
                target="post:submitted-nanjing",
                api=False,
                data=plan_form_data(),
                url=plan_url("plan-edit", "submitted-nanjing"),
            ),
            Case(
                "plan-delete",
                role,
                "post",
                owner_write(role, PLANS["draft-nanjing"], allowed=True, success=302, refused=302),
                target="post:draft-nanjing",
                api=False,
                url=plan_url("plan-delete", "draft-nanjing"),
            ),
            Case(
                "plan-transition",
                role,
                "post",
                owner_write(role, PLANS["returned-shenzhen"], allowed=True, success=302, refused=400),
                target="post-submit:returned-shenzhen",
                api=False,
                url=plan_url("plan-transition", "returned-shenzhen", "submit"),
            ),
            Case(
                "plan-transition",
                role,
                "post",
                ministry_write(role, PLANS["submitted-nanjing"], success=302, refused=400),
                target="post-return:submitted-nanjing",
                api=False,
                data={"comment": "请补充年度分解。"},
                url=plan_url("plan-transition", "submitted-nanjing", "return"),
            ),
            Case(
                "plan-transition",
                role,
                "post",
                ministry_write(role, PLANS["approved-wuxi"], success=302, refused=400),
                target="post-approve:approved-wuxi",
                api=False,
                url=plan_url("plan-transition", "approved-wuxi", "approve"),
            ),
        ]
    cases.append(
        Case(
            "plan-add",
            "jiangsu",
            "post",
            302,
            target="valid@nanjing_cluster",
            api=False,
            url=route_url("plan-add"),
            data={**plan_form_data(), "cluster": "__cluster__"},
        )
    )
    for route in ("plan-list", "plan-export", "plan-add", "plan-summary", "plan-summary-national"):
        cases.append(Case(route, ANON, "get", 302, api=False))
    cases.append(Case("plan-summary-local", ANON, "get", 302, target="org:jiangsu", api=False))
    for route, extra in (
        ("plan-detail", ()),
        ("plan-history", ()),
        ("plan-diff", ()),
        ("plan-version", (1,)),
        ("plan-edit", ()),
        ("plan-delete", ()),
        ("plan-transition", ("approve",)),
    ):
        cases.append(
            Case(
                route,
                ANON,
                "get",
                302,
                target="submitted-nanjing",
                api=False,
                url=plan_url(route, "submitted-nanjing", *extra),
            )
        )
    return cases


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


def notification_cases():
    cases = []
    for role in ROLES:
        member = ORGANISATION_OF[role] is not None
        cases += [
            Case("api:notification-list", role, "get", 200),
            Case("api:notification-read-all", role, "post", 200),
            Case("notification-list", role, "get", 200 if member else 403, api=False),
            Case("notification-read-all", role, "post", 302 if member else 403, api=False),
        ]
        for organisation in ("jiangsu", "nanjing_body"):
            own = ORGANISATION_OF[role] == organisation
            cases += [
                Case(
                    "api:notification-detail",
                    role,
                    "get",
                    200 if own else 404,
                    target=f"note:{organisation}",
                    url=notification_url("api:notification-detail", organisation),
                ),
                Case(
                    "api:notification-read",
                    role,
                    "post",
                    200 if own else 404,
                    target=f"note:{organisation}",
                    url=notification_url("api:notification-read", organisation),
                ),
                Case(
                    "notification-open",
                    role,
                    "get",
                    302 if own else 404,
                    target=f"note:{organisation}",
                    api=False,
                    url=notification_url("notification-open", organisation),
                ),
                Case(
                    "notification-read",
                    role,
                    "post",
                    302 if own else 404,
                    target=f"note:{organisation}",
                    api=False,
                    url=notification_url("notification-read", organisation),
                ),
            ]
    cases += [
        Case("api:notification-list", ANON, "get", 401),
        Case("api:notification-read-all", ANON, "post", 401),
        Case("notification-list", ANON, "get", 302, api=False),
        Case("notification-read-all", ANON, "post", 302, api=False),
        Case(
            "api:notification-detail",
            ANON,
            "get",
            401,
            target="note:jiangsu",
            url=notification_url("api:notification-detail", "jiangsu"),
        ),
        Case(
            "api:notification-read",
            ANON,
            "post",
            401,
            target="note:jiangsu",
            url=notification_url("api:notification-read", "jiangsu"),
        ),
        Case(
            "notification-open",
            ANON,
            "get",
            302,
            target="note:jiangsu",
            api=False,
            url=notification_url("notification-open", "jiangsu"),
        ),
        Case(
            "notification-read",
            ANON,
            "post",
            302,
            target="note:jiangsu",
            api=False,
            url=notification_url("notification-read", "jiangsu"),
        ),
    ]
    return cases


def cases():
    return api_plan_cases() + page_plan_cases() + notification_cases()
