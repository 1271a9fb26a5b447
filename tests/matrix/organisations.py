"""Matrix cases of the organisation directory's writes: the ministry's administrators manage every organisation, a
provincial government's administrators the local governments below it (a promotion body of its province is not
theirs: 403); whoever else reads an organisation is refused (403), an expert reads no promotion body (404)."""

from ..builders.organisations import xuanwu_government
from .base import ANON, rows, table

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


def county_or_body(route, target):
    """`county`: a county government below Jiangsu the case makes; `org:wuxi_body` is resolved by the matrix."""
    return xuanwu_government(route) if target == "county" else None


def page(ok):
    return lambda role, target: _page_status(role, target, ok)


def api(ok):
    return lambda role, target: _county_status(role, ok) if target == "county" else _body_status(role, ok)


def managers(role, _target):
    return 200 if role in MANAGERS else 403


TARGETS = ["org:wuxi_body", "county"]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}
PAGE_ROUTES = ("organisation-edit", "organisation-history", "organisation-deactivate", "organisation-reactivate")
# route, method, body, the status of the ministry's (or the managing province's) success
API_ROUTES = (
    ("api:organisation-detail", "patch", {"name": "改名"}, 200),
    ("api:organisation-deactivate", "post", {}, 200),
    ("api:organisation-reactivate", "post", {}, 200),
    ("api:organisation-history", "get", {}, 200),
)


def page_cases():
    return table(
        rows("organisation-list", "get", managers),
        rows("organisation-add", "get", managers),
        rows("organisation-add", "post", managers),  # an empty form answers with its errors
        *(rows(route, "get", page(200), targets=TARGETS, url=county_or_body) for route in PAGE_ROUTES),
        rows("organisation-edit", "post", page(200), targets=TARGETS, url=county_or_body),
        *(
            rows(route, "post", page(302), targets=TARGETS, url=county_or_body)
            for route in ("organisation-deactivate", "organisation-reactivate")
        ),
        rows("organisation-list", "get", ANON_PAGE),
        rows("organisation-add", "get", ANON_PAGE),
        rows("organisation-add", "post", ANON_PAGE),
        *(rows(route, "get", ANON_PAGE, targets=["org:wuxi_body"]) for route in PAGE_ROUTES),
        *(
            rows(route, "post", ANON_PAGE, targets=["org:wuxi_body"])
            for route in PAGE_ROUTES
            if route != "organisation-history"
        ),
    )


def cases():
    return page_cases() + table(
        rows("api:organisation-list", "post", lambda role, _: _create_status(role), data=SUZHOU),
        rows("api:organisation-list", "post", ANON_API, data=SUZHOU),
        *(
            rows(route, method, api(ok), targets=TARGETS, url=county_or_body, data=data)
            for route, method, data, ok in API_ROUTES
        ),
        *(rows(route, method, ANON_API, targets=["org:wuxi_body"]) for route, method, _data, _ok in API_ROUTES),
    )
