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
from .cast import CLUSTERS, ORGANISATION_OF, ROLES, VISIBLE_CLUSTERS
from .matrix import anonymous, methods
from .matrix.base import ANON, accepted_methods, all_route_names, all_routes, rows, table

# Routes outside the matrix, each with the reason.
EXEMPT = {
    "admin:*": "Django admin: superusers only; test_admin_is_for_superusers_only covers it",
    "set_language": "switches the language of any visitor; test_browser.py::test_sign_in_and_switch_language covers it",
    "javascript-catalog": "static translations",
}


def read_cluster(role, name):
    return 200 if name in VISIBLE_CLUSTERS[role] else 404


def cluster_cases():
    return table(
        rows("api:cluster-list", "get", {**dict.fromkeys(ROLES, 200), ANON: 401}),
        rows("cluster-list", "get", {**dict.fromkeys(ROLES, 200), ANON: 302}),
        *(
            rows(route, "get", read_cluster, targets=CLUSTERS)
            for route in ("api:cluster-detail", "api:cluster-history", "cluster-detail", "cluster-history")
        ),
        *(
            rows(route, "get", {ANON: 401}, targets=["nanjing_cluster"])
            for route in ("api:cluster-detail", "api:cluster-history")
        ),
        *(
            rows(route, "get", {ANON: 302}, targets=["nanjing_cluster"])
            for route in ("cluster-detail", "cluster-history")
        ),
    )


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


def membership(action, done=None):
    """The expectation on the membership of the target (a cast member); `done` replaces a write's 200."""

    def expect(role, owner):
        status = membership_expectation(role, owner, action)
        return done if done is not None and status == 200 else status

    return expect


OWNERS = ["nanjing_body", "nanjing_viewer", "shenzhen_body", "jiangsu"]


def membership_cases():
    adds = lambda role, _: 200 if role not in ("expert", "nanjing_viewer") else 403  # noqa: E731
    return table(
        rows("api:membership-list", "get", {**dict.fromkeys(ROLES, 200), ANON: 401}),
        rows("member-list", "get", lambda role, _: 403 if role == "expert" else 200),
        rows("member-add", "get", adds),
        # 400: an empty body, nothing created
        rows("api:membership-list", "post", lambda role, _: 403 if role in ("expert", "nanjing_viewer") else 400),
        *(
            rows(route, "get", membership("read"), targets=OWNERS)
            for route in ("api:membership-detail", "api:membership-history", "member-history")
        ),
        rows("api:membership-detail", "patch", membership("write"), targets=OWNERS, data={"role": "editor"}),
        *(
            rows(route, "post", membership("write"), targets=OWNERS)
            for route in ("api:membership-deactivate", "api:membership-reactivate")
        ),
        *(
            rows(route, "get", membership("write"), targets=OWNERS)
            for route in ("member-edit", "member-deactivate", "member-reactivate")
        ),
        rows("member-edit", "post", membership("write", done=302), targets=OWNERS, data={"role": "editor"}),
        *(rows(route, "get", {ANON: 302}) for route in ("member-list", "member-add")),
        *(
            rows(route, "get", {ANON: 302}, targets=["nanjing_viewer"])
            for route in ("member-edit", "member-deactivate", "member-reactivate", "member-history")
        ),
    )


def shell_cases():
    everyone = dict.fromkeys([*ROLES, ANON], 200)

    def signed_in(status, refused=401):
        return {**dict.fromkeys(ROLES, status), ANON: refused}

    return table(
        rows("api:me", "get", signed_in(200)),
        rows("api:region-list", "get", everyone),
        rows("api:region-detail", "get", everyone, targets=["region:320100"]),
        rows("api:industry-field-list", "get", everyone),
        rows("api:industry-field-detail", "get", everyone, targets=["field:ngit"]),
        rows("api:organisation-list", "get", signed_in(200)),
        # An expert reads the governments, not the promotion bodies (which a blind review hides).
        rows(
            "api:organisation-detail",
            "get",
            {**signed_in(200), "expert": 404},
            targets=["org:nanjing_body"],
        ),
        rows("api:organisation-detail", "get", signed_in(200), targets=["org:jiangsu"]),
        rows("api:expert-list", "get", signed_in(200)),
        rows(
            "api:expert-detail",
            "get",
            {**signed_in(404), "ministry": 200, "expert": 200},
            targets=["expert"],
        ),
        rows(
            "api:auth-token",
            "post",
            dict.fromkeys([*ROLES, ANON], 401),
            data={"username": "t-ministry", "password": "wrong"},
        ),
        rows("schema", "get", everyone),
        rows("api-docs", "get", everyone),
        rows("healthz", "get", everyone),
        rows("login", "get", signed_in(302, 200)),
        rows("logout", "post", dict.fromkeys([*ROLES, ANON], 302)),
        rows("dashboard", "get", signed_in(200, 200)),  # a visitor gets the public home page
        rows("favicon", "get", everyone),
    )


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
    """Every row of every tenant-owned model: a refused request must leave them all as they were.

    On PostgreSQL one query reads a digest of each table's rows (every column, in primary-key order); elsewhere
    the rows themselves, a query per table."""
    from django.apps import apps
    from django.db import connection

    from tenancy.scoping import BaseTenantManager

    models = [model for model in apps.get_models() if isinstance(model._default_manager, BaseTenantManager)]
    if connection.vendor != "postgresql":
        return {model._meta.label: list(model._base_manager.order_by("pk").values_list()) for model in models}
    quote = connection.ops.quote_name
    digests = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.{quote(model._meta.pk.column)}), '')) "
        f"FROM {quote(model._meta.db_table)} t)"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {digests}")
        return dict(zip((model._meta.label for model in models), cursor.fetchone(), strict=True))


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
