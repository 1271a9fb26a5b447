"""No filter value reaches a 5xx: every API list and every page that answers GET answers its filters and paging
given hostile values (ids past 64 bits, float-like and negative ids, years outside the calendar, a NUL byte) with a
4xx or an ordinary page, never a server error (tenancy.api.filters bounds every number and id filter, the pages
read theirs through tenancy.filters, and tenancy.middleware refuses control characters in a query string)."""

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from .matrix.base import accepted_methods, all_routes

HOSTILE = ["99999999999999999999", "1.5", "-1", "10000", "abc\x00"]
PARAMS = [
    "cluster", "chain_link", "member", "expert", "year", "round", "competition", "evaluation", "indicator",
    "region", "field", "organisation", "entry", "track", "status", "state", "tier", "kind", "level", "category",
    "is_active", "is_public", "limit", "offset", "page", "q", "ordering", "issued_after", "year_min", "year_max",
    # what the pages read from request.GET themselves or through their filter forms
    "a", "b", "analysis", "clusters", "eligible", "evaluation", "from", "to", "group", "province", "role", "run",
    "sort", "source", "target", "toolkit", "unread", "view", "grade", "recommendation", "notice", "designation",
    "issuer", "stage", "size_class", "is_local", "number",
]  # fmt: skip
# A page under an object other than a cluster: the model whose first row the route is tried with.
PAGE_OBJECTS = {
    "plan-": "policies.CultivationPlan",
    "policy-": "policies.Policy",
    "toolkit-": "policies.Toolkit",
    "competition-": "evaluations.Competition",
    "evaluation-run-": "evaluations.EvaluationRun",
    "monitoring-evaluation-": "monitoring.MonitoringEvaluation",
    "round-": "evaluations.Round",
    "expert-": "tenancy.Membership",
    "notice-": "evaluations.PublicNotice",
}


def get_routes():
    """Every API list and every page answering GET (a page reads its filters from request.GET)."""
    routes = []
    for name, view in sorted(all_routes().items()):
        if name.startswith(("admin:", "schema", "api-docs")) or "get" not in accepted_methods(view):
            continue
        if name.startswith("api:") and not name.endswith("-list"):
            continue
        routes.append(name)
    return routes


def url_of(name, cluster_pk):
    candidates = [[], [cluster_pk]]
    for prefix, label in PAGE_OBJECTS.items():
        if name.startswith(prefix) and (first := apps.get_model(label).objects.order_by("pk").first()):
            candidates.insert(1, [first.pk])
    for args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def filter_names(view):
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    return list(filterset_class.base_filters) if filterset_class else []


@pytest.mark.parametrize("route", get_routes())
def test_hostile_query_values_never_reach_a_server_error(route, world, client_for, page_client_for):
    view = all_routes()[route]
    with scopes_disabled():
        url = url_of(route, world.clusters["nanjing_cluster"].pk)
    if url is None:
        pytest.skip("needs more than one id")
    ministry = world.user("ministry")
    client = client_for(ministry) if route.startswith("api:") else page_client_for(ministry)
    client.raise_request_exception = False
    params = list(dict.fromkeys([*filter_names(view), *PARAMS]))
    failures = []
    for value in HOSTILE:  # every parameter at once: a filter form validates them all, a view reads what it reads
        response = client.get(url, dict.fromkeys(params, value))
        if response.status_code >= 500:
            failures.append((value, response.status_code))
        elif "\x00" in value:  # a control character in a query string: refused before any view reads it
            assert response.status_code == 400, (value, response.status_code)
    assert failures == []


def test_a_control_character_in_a_query_string_is_refused_before_any_view(world, client_for, page_client_for):
    ministry = world.user("ministry")
    api = client_for(ministry).get("/api/v1/policies/", {"q": "a\x1b[31m"})
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "invalid_query"
    assert list(api.json()["error"]["fields"]) == ["q"]
    page = page_client_for(ministry).get("/clusters/", {"q": "abc\x00"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 400
    assert "控制字符" in page.content.decode()


@pytest.mark.parametrize("value", ["99999999999999999999", "1.5", "²", "-3", "", "٣", None])
def test_read_id_refuses_what_no_id_can_be(value):
    from tenancy.filters import read_id

    assert read_id(value) is None


def test_read_id_and_year_accept_what_they_should():
    from tenancy.filters import parse_ids, read_id, read_year

    assert read_id(" 42 ") == 42
    assert read_year("2024") == 2024
    assert read_year("10000") is None
    assert parse_ids(["1,2", "2，3"]) == [1, 2, 3]
    with pytest.raises(ValueError):
        parse_ids(["1,²"])


def test_a_deeply_nested_json_body_is_a_400_not_a_recursion_error(world, client_for):
    client = client_for(world.user("ministry"))
    response = client.post(
        "/api/v1/policies/", "[" * 10_000, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert response.json()["error"]["message"] == "JSON 内容嵌套超过 32 层。"
    shallow = client.post("/api/v1/policies/", '{"title": "[[[[\\"{{{{"}', content_type="application/json")
    assert shallow.status_code == 400  # brackets inside a string do not count: the body parses, the fields are checked
    assert shallow.json()["error"]["code"] == "invalid"


def test_a_null_character_anywhere_in_a_json_body_is_a_400_and_changes_nothing(world, client_for):
    """PostgreSQL refuses U+0000 in text: a code looked up in a related table (a plan target's indicator) or a key
    holding it was a 500."""
    from policies.models import CultivationPlan
    from tenancy.scoping import system_scope

    client = client_for(world.user("jiangsu"))
    with system_scope():
        plans = CultivationPlan.objects.count()
    cluster = world.nanjing_cluster.pk
    body = '{"cluster": ' + str(cluster) + ', "title": "方案", "targets": [{"indicator": "rev\\u0000enue"}]}'
    response = client.post("/api/v1/plans/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert response.json()["error"]["message"] == "文本不能包含空字符（U+0000）。"
    key = client.post("/api/v1/plans/", '{"\\u0000": 1}', content_type="application/json")
    assert key.status_code == 400 and key.json()["error"]["code"] == "parse_error"
    escaped = client.post("/api/v1/plans/", '{"title": "\\\\u0000"}', content_type="application/json")
    assert escaped.status_code == 400 and escaped.json()["error"]["code"] == "invalid"  # a backslash, then u0000
    with system_scope():
        assert CultivationPlan.objects.count() == plans


def test_nesting_depth_skips_brackets_inside_strings():
    from tenancy.api.parsers import nesting_depth

    assert nesting_depth(b'{"a": "[[[[\\"[[", "b": [[1]]}') == 3
    assert nesting_depth(b"[" * 100) == 33
