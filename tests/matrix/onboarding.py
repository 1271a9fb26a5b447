"""Matrix cases of bulk onboarding: the ministry's administrators (organisations and experts) and a province's
administrators (organisations) upload files; each sees the files of its own organisation, the ministry all."""

from django.urls import reverse

from ..builders.onboarding import job_of
from .base import ANON, rows, table

ONBOARDS = {"ministry", "jiangsu", "guangdong"}
# Whose organisation's file each role sees, besides the ministry, which sees every file.
SEES = {"ministry": {"ministry", "jiangsu"}, "jiangsu": {"jiangsu"}}


def _page_status(role, owner, ok):
    if role not in ONBOARDS:
        return 403
    return ok if owner in SEES.get(role, set()) else 404


def _api_status(role, owner, ok):
    return ok if owner in SEES.get(role, set()) else 404


def file_of(route, target):
    """`<owner>-file`: an onboarding file of the owner's organisation."""
    return job_of(target.removesuffix("-file"), route)


def template(*args):
    return lambda route, _target: lambda world: reverse(route, args=list(args))


def page(ok):
    return lambda role, target: _page_status(role, target.removesuffix("-file"), ok)


def api(ok):
    return lambda role, target: _api_status(role, target.removesuffix("-file"), ok)


def onboards(ok):
    return lambda role, _target: ok if role in ONBOARDS else 403


FILES = ["ministry-file", "jiangsu-file"]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def cases():
    return table(
        rows("onboarding-list", "get", onboards(200)),
        rows("onboarding-list", "post", onboards(200)),  # no file: the form's field error
        rows("api:onboarding-list", "get", onboards(200)),
        rows("api:onboarding-list", "post", onboards(400), data={"kind": "experts"}),
        rows("onboarding-template", "get", onboards(200), url=template("organisations", "xlsx")),
        *(
            rows(route, "get", page(200), targets=FILES, url=file_of)
            for route in ("onboarding-detail", "onboarding-status")
        ),
        # A queued job is no clean dry run: the page says so (302 back to the job), the API answers 409.
        rows("onboarding-commit", "post", page(302), targets=FILES, url=file_of),
        rows("api:onboarding-detail", "get", api(200), targets=FILES, url=file_of),
        rows("api:onboarding-commit", "post", api(409), targets=FILES, url=file_of),
        rows("onboarding-list", "get", ANON_PAGE),
        rows("onboarding-list", "post", ANON_PAGE),
        rows("api:onboarding-list", "get", ANON_API),
        rows("api:onboarding-list", "post", ANON_API),
        *(
            rows(route, method, ANON_PAGE, targets=["ministry-file"], url=file_of)
            for route, method in (
                ("onboarding-detail", "get"),
                ("onboarding-status", "get"),
                ("onboarding-commit", "post"),
            )
        ),
        rows("onboarding-template", "get", ANON_PAGE, url=template("experts", "csv")),
        rows("api:onboarding-detail", "get", ANON_API, targets=["ministry-file"], url=file_of),
        rows("api:onboarding-commit", "post", ANON_API, targets=["ministry-file"], url=file_of),
    )
