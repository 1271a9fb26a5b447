"""The cross-tenant matrix: every API route and UI page, as every role.

`test_every_route_is_in_the_matrix` walks the URL resolver and fails when a
route has no case here, so a new endpoint cannot ship without joining.
Expectations follow DESIGN §2: another tenant's object answers 404 (never its
data); a visible object the role may not change answers 403; lists hold exactly
the visible subset.
"""

import importlib
import pkgutil

import pytest
from django.urls import reverse

from tenancy.models import Membership

from . import matrix as matrix_parts
from .cast import ORGANISATION_OF, ROLES, VISIBLE_CLUSTERS
from .matrix import anonymous, methods
from .matrix.base import ANON, Case, accepted_methods, all_route_names, all_routes

# Routes outside the matrix, each with the reason.
EXEMPT = {
    "admin:*": "Django admin: superusers only; test_admin_is_for_superusers_only covers it",
    "set_language": "switches the language of any visitor; test_browser.py::test_sign_in_and_switch_language covers it",
    "javascript-catalog": "static translations",
}


def cluster_cases():
    cases = []
    for role in ROLES:
        cases.append(Case("api:cluster-list", role, "get", 200))
        cases.append(Case("cluster-list", role, "get", 200, api=False))
        for name in sorted(VISIBLE_CLUSTERS["ministry"]):
            status = 200 if name in VISIBLE_CLUSTERS[role] else 404
            for route in ("api:cluster-detail", "api:cluster-history"):
                cases.append(Case(route, role, "get", status, target=name))
            for route in ("cluster-detail", "cluster-history"):
                cases.append(Case(route, role, "get", status, target=name, api=False))
    for route in ("api:cluster-list", "api:cluster-detail", "api:cluster-history"):
        cases.append(Case(route, ANON, "get", 401, target=None if route.endswith("list") else "nanjing_cluster"))
    for route in ("cluster-list", "cluster-detail", "cluster-history"):
        target = None if route.endswith("list") else "nanjing_cluster"
        cases.append(Case(route, ANON, "get", 302, target=target, api=False))
    return cases


def membership_expectation(role, owner, action):
    """owner: whose membership is the target (a cast member)."""
    mine = ORGANISATION_OF[role]
    theirs = ORGANISATION_OF[owner]
    if mine is None or mine != theirs:
        return 404
    if action == "read":
        return 200
    if role == owner:  # nobody changes their own membership
        return 403
    return 200 if role != "nanjing_viewer" else 403


def membership_cases():
    cases = []
    owners = ["nanjing_body", "nanjing_viewer", "shenzhen_body", "jiangsu"]
    for role in ROLES:
        cases.append(Case("api:membership-list", role, "get", 200))
        cases.append(Case("member-list", role, "get", 403 if role == "expert" else 200, api=False))
        cases.append(
            Case("member-add", role, "get", 200 if role not in ("expert", "nanjing_viewer") else 403, api=False)
        )
        create_status = 403 if role in ("expert", "nanjing_viewer") else 400  # 400: empty body, nothing created
        cases.append(Case("api:membership-list", role, "post", create_status, data={}))
        for owner in owners:
            read = membership_expectation(role, owner, "read")
            write = membership_expectation(role, owner, "write")
            cases.append(Case("api:membership-detail", role, "get", read, target=owner))
            cases.append(Case("api:membership-history", role, "get", read, target=owner))
            cases.append(Case("member-history", role, "get", read, target=owner, api=False))
            cases.append(Case("api:membership-detail", role, "patch", write, target=owner, data={"role": "editor"}))
            for route in ("api:membership-deactivate", "api:membership-reactivate"):
                cases.append(Case(route, role, "post", write, target=owner))
            for route in ("member-edit", "member-deactivate", "member-reactivate"):
                cases.append(Case(route, role, "get", write, target=owner, api=False))
            cases.append(
                Case(
                    "member-edit",
                    role,
                    "post",
                    302 if write == 200 else write,
                    target=owner,
                    data={"role": "editor"},
                    api=False,
                )
            )
    for route in ("api:membership-list",):
        cases.append(Case(route, ANON, "get", 401))
    for route in ("member-list", "member-add"):
        cases.append(Case(route, ANON, "get", 302, api=False))
    for route in ("member-edit", "member-deactivate", "member-reactivate", "member-history"):
        cases.append(Case(route, ANON, "get", 302, target="nanjing_viewer", api=False))
    return cases


def shell_cases():
    cases = []
    for role in [*ROLES, ANON]:
        signed_in = role != ANON
        cases += [
            Case("api:me", role, "get", 200 if signed_in else 401),
            Case("api:region-list", role, "get", 200),
            Case("api:region-detail", role, "get", 200, target="region:320100"),
            Case("api:industry-field-list", role, "get", 200),
            Case("api:industry-field-detail", role, "get", 200, target="field:ngit"),
            Case("api:organisation-list", role, "get", 200 if signed_in else 401),
            # An expert reads the governments, not the promotion bodies (which a blind review hides).
            Case(
                "api:organisation-detail",
                role,
                "get",
                (404 if role == "expert" else 200) if signed_in else 401,
                target="org:nanjing_body",
            ),
            Case("api:organisation-detail", role, "get", 200 if signed_in else 401, target="org:jiangsu"),
            Case("api:expert-list", role, "get", 200 if signed_in else 401),
            Case(
                "api:expert-detail",
                role,
                "get",
                200 if role in ("ministry", "expert") else 404 if signed_in else 401,
                target="expert",
            ),
            Case("api:auth-token", role, "post", 401, data={"username": "t-ministry", "password": "wrong"}),
            Case("schema", role, "get", 200, api=False),
            Case("api-docs", role, "get", 200, api=False),
            Case("healthz", role, "get", 200, api=False),
            Case("login", role, "get", 302 if signed_in else 200, api=False),
            Case("logout", role, "post", 302, api=False),
            Case("dashboard", role, "get", 200 if signed_in else 302, api=False),
        ]
    return cases


def extension_cases():
    """Cases from tests/matrix/<area>.py modules, each exposing cases() -> list[Case]."""
    found = []
    for module in pkgutil.iter_modules(matrix_parts.__path__):
        if module.name != "base":
            found += importlib.import_module(f"{matrix_parts.__name__}.{module.name}").cases()
    return found


CASES = cluster_cases() + membership_cases() + shell_cases() + extension_cases()
CASES += methods.derived(CASES)
CASES += anonymous.derived(CASES)


def resolve_url(case, world):
    if case.url is not None:
        return case.url(world)
    target = case.target
    if target is None:
        return reverse(case.route)
    if target.startswith("region:"):
        return reverse(case.route, args=[target.split(":")[1]])
    if target.startswith("field:"):
        return reverse(case.route, args=[target.split(":")[1]])
    if target.startswith("org:"):
        return reverse(case.route, args=[world.orgs[target.split(":")[1]].pk])
    if target == "expert":
        return reverse(case.route, args=[world.expert.expert_profile.pk])
    if target in world.clusters:
        return reverse(case.route, args=[world.clusters[target].pk])
    return reverse(case.route, args=[Membership._base_manager.get(user=world.user(target)).pk])


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_matrix(case, world, client_for, page_client_for):
    user = None if case.role == ANON else world.user(case.role)
    client = client_for(user) if case.api else page_client_for(user)
    url = resolve_url(case, world)
    data = {
        key: world.clusters[case.target.split("@")[-1]].pk if value == "__cluster__" else value
        for key, value in case.data.items()
    }
    before = snapshot(world)
    if case.method == "get":
        response = client.get(url)
    elif case.api:
        response = getattr(client, case.method)(url, data, format="json")
    else:
        response = getattr(client, case.method)(url, data)
    assert response.status_code == case.expected, (case, getattr(response, "content", b"")[:300])
    if case.expected in (403, 404, 400, 401, 409):
        assert snapshot(world) == before, "a refused request changed data"
        if case.api and case.expected == 404:
            assert response.json()["error"]["code"] == "not_found"


def snapshot(world):
    """Every row of every tenant-owned model: a refused request must leave them all as they were."""
    from django.apps import apps

    from tenancy.scoping import BaseTenantManager

    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if isinstance(model._default_manager, BaseTenantManager)
    }


@pytest.mark.parametrize("role", ROLES)
def test_cluster_list_holds_exactly_the_visible_clusters(role, world, client_for, page_client_for):
    expected = {world.clusters[name].pk for name in VISIBLE_CLUSTERS[role]}
    body = client_for(world.user(role)).get(reverse("api:cluster-list")).json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)
    page = page_client_for(world.user(role)).get(reverse("cluster-list")).content.decode()
    for name, cluster in world.clusters.items():
        assert (cluster.name in page) == (name in VISIBLE_CLUSTERS[role]), name


@pytest.mark.parametrize("role", ROLES)
def test_membership_list_holds_exactly_the_own_organisation(role, world, client_for):
    organisation = ORGANISATION_OF[role]
    expected = (
        set(Membership._base_manager.filter(organisation=world.orgs[organisation]).values_list("pk", flat=True))
        if organisation
        else set()
    )
    body = client_for(world.user(role)).get(reverse("api:membership-list")).json()
    assert {row["id"] for row in body["results"]} == expected


@pytest.mark.parametrize("role", ROLES)
def test_expert_list_is_the_pool_for_the_ministry_and_oneself_for_the_expert(role, world, client_for):
    body = client_for(world.user(role)).get(reverse("api:expert-list")).json()
    usernames = {row["username"] for row in body["results"]}
    expected = {"ministry": {"t-expert"}, "expert": {"t-expert"}}.get(role, set())
    assert usernames == expected


def exempt(name):
    exempt_prefixes = tuple(key[:-1] for key in EXEMPT if key.endswith("*"))
    return name in EXEMPT or name.startswith(exempt_prefixes)


def test_every_route_is_in_the_matrix():
    covered = {case.route for case in CASES}
    missing = sorted(name for name in all_route_names() if name not in covered and not exempt(name))
    assert not missing, f"routes missing from the cross-tenant matrix: {missing}"


def test_every_method_of_every_route_is_in_the_matrix():
    """Route x method: a method a route accepts (PUT beside PATCH, say) has its own cases, one per role at least."""
    covered = {(case.route, case.method) for case in CASES}
    missing = sorted(
        f"{method.upper()} {name}"
        for name, view in all_routes().items()
        if not exempt(name)
        for method in accepted_methods(view)
        if (name, method) not in covered
    )
    assert not missing, f"route methods missing from the cross-tenant matrix: {missing}"


def test_every_method_of_every_route_has_an_anonymous_case():
    """Route x method x anonymous: whatever a route accepts, a visitor who is not signed in is asked to sign in (or
    refused) there, and a new route cannot ship without saying so (in its area module or tests/matrix/anonymous.py)."""
    covered = {(case.route, case.method) for case in CASES if case.role == ANON}
    missing = sorted(
        f"{method.upper()} {name}"
        for name, view in all_routes().items()
        if not exempt(name)
        for method in accepted_methods(view)
        if (name, method) not in covered
    )
    assert not missing, f"route methods without an anonymous case in the cross-tenant matrix: {missing}"


def test_admin_is_for_superusers_only(world, page_client_for):
    response = page_client_for(world.ministry).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    world.ministry.is_staff = world.ministry.is_superuser = True
    world.ministry.save()
    assert page_client_for(world.ministry).get("/admin/clusters/cluster/").status_code == 200
