"""Matrix cases of the organisation directory's writes: the ministry's administrators manage every organisation, a
provincial government's administrators the local governments below it (a promotion body of its province is not
theirs: 403); whoever else reads an organisation is refused (403), an expert reads no promotion body (404)."""

from ..builders.organisations import xuanwu_government
from ..cast import ROLES
from .base import ANON, Case

SUZHOU = {"kind": "local", "name": "苏州市人民政府", "slug": "matrix-suzhou", "region": "320500"}


def _create_status(role):
    if role in ("ministry", "jiangsu"):
        return 201
    if role == "guangdong":
        return 400  # a province may add governments, but Suzhou is not below Guangdong: a field error
    return 403


def _body_status(role, ok):
    """A promotion body of Jiangsu (Wuxi's): the ministry's alone; an expert does not see it."""
    if role == "ministry":
        return ok
    return 404 if role == "expert" else 403


def _county_status(role, ok):
    return ok if role in ("ministry", "jiangsu") else 403


MANAGERS = {"ministry", "jiangsu", "guangdong"}  # whoever opens the directory's pages


def _page_status(role, target, ok):
    """The pages refuse whoever manages no organisations (403) before looking the organisation up; a province
    reaches only the governments below it."""
    if role == "ministry":
        return ok
    if target == "county" and role == "jiangsu":
        return ok
    return 403


def page_cases():
    cases = []
    for role in ROLES:
        listed = 200 if role in MANAGERS else 403
        cases += [
            Case("organisation-list", role, "get", listed, api=False),
            Case("organisation-add", role, "get", listed, api=False),
            Case("organisation-add", role, "post", listed, api=False),  # an empty form answers with its errors
        ]
        for route, post_ok in (
            ("organisation-edit", 200),
            ("organisation-history", None),
            ("organisation-deactivate", 302),
            ("organisation-reactivate", 302),
        ):
            for target in ("org:wuxi_body", "county"):
                url = xuanwu_government(route) if target == "county" else None
                cases.append(Case(route, role, "get", _page_status(role, target, 200), target, api=False, url=url))
                if post_ok:
                    status = _page_status(role, target, post_ok)
                    cases.append(Case(route, role, "post", status, target, api=False, url=url))
    cases += [
        Case("organisation-list", ANON, "get", 302, api=False),
        Case("organisation-add", ANON, "get", 302, api=False),
        Case("organisation-add", ANON, "post", 302, api=False),
    ]
    for route in ("organisation-edit", "organisation-history", "organisation-deactivate", "organisation-reactivate"):
        cases.append(Case(route, ANON, "get", 302, target="org:wuxi_body", api=False))
        if route != "organisation-history":
            cases.append(Case(route, ANON, "post", 302, target="org:wuxi_body", api=False))
    return cases


def cases():
    cases = page_cases()
    for role in ROLES:
        cases.append(Case("api:organisation-list", role, "post", _create_status(role), data=SUZHOU))
        for route, method, data, ok in (
            ("api:organisation-detail", "patch", {"name": "改名"}, 200),
            ("api:organisation-deactivate", "post", {}, 200),
            ("api:organisation-reactivate", "post", {}, 200),
            ("api:organisation-history", "get", {}, 200),
        ):
            cases.append(Case(route, role, method, _body_status(role, ok), target="org:wuxi_body", data=data))
            cases.append(
                Case(
                    route,
                    role,
                    method,
                    _county_status(role, ok),
                    target="county",
                    data=data,
                    url=xuanwu_government(route),
                )
            )
    cases.append(Case("api:organisation-list", ANON, "post", 401, data=SUZHOU))
    for route, method in (
        ("api:organisation-detail", "patch"),
        ("api:organisation-deactivate", "post"),
        ("api:organisation-reactivate", "post"),
        ("api:organisation-history", "get"),
    ):
        cases.append(Case(route, ANON, method, 401, target="org:wuxi_body"))
    return cases
