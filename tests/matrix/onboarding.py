"""Matrix cases of bulk onboarding: the ministry's administrators (organisations and experts) and a province's
administrators (organisations) upload files; each sees the files of its own organisation, the ministry all."""

from django.urls import reverse

from ..builders.onboarding import job_of
from ..cast import ROLES
from .base import ANON, Case

ONBOARDS = {"ministry", "jiangsu", "guangdong"}
# Whose organisation's file each role sees, besides the ministry, which sees every file.
SEES = {"ministry": {"ministry", "jiangsu"}, "jiangsu": {"jiangsu"}}


def _page_status(role, owner, ok):
    if role not in ONBOARDS:
        return 403
    return ok if owner in SEES.get(role, set()) else 404


def _api_status(role, owner, ok):
    return ok if owner in SEES.get(role, set()) else 404


def cases():
    cases = []
    for role in ROLES:
        listed = 200 if role in ONBOARDS else 403
        cases += [
            Case("onboarding-list", role, "get", listed, api=False),
            Case("onboarding-list", role, "post", listed, api=False),  # no file: the form's field error
            Case("api:onboarding-list", role, "get", listed),
            Case("api:onboarding-list", role, "post", 400 if role in ONBOARDS else 403, data={"kind": "experts"}),
            Case(
                "onboarding-template",
                role,
                "get",
                listed,
                api=False,
                url=lambda world: reverse("onboarding-template", args=["organisations", "xlsx"]),
            ),
        ]
        for owner in ("ministry", "jiangsu"):
            target = f"{owner}-file"
            for route in ("onboarding-detail", "onboarding-status"):
                cases.append(
                    Case(
                        route, role, "get", _page_status(role, owner, 200), target, api=False, url=job_of(owner, route)
                    )
                )
            # A queued job is no clean dry run: the page says so (302 back to the job), the API answers 409.
            cases += [
                Case(
                    "onboarding-commit",
                    role,
                    "post",
                    _page_status(role, owner, 302),
                    target,
                    api=False,
                    url=job_of(owner, "onboarding-commit"),
                ),
                Case(
                    "api:onboarding-detail",
                    role,
                    "get",
                    _api_status(role, owner, 200),
                    target,
                    url=job_of(owner, "api:onboarding-detail"),
                ),
                Case(
                    "api:onboarding-commit",
                    role,
                    "post",
                    _api_status(role, owner, 409),
                    target,
                    url=job_of(owner, "api:onboarding-commit"),
                ),
            ]
    cases += [
        Case("onboarding-list", ANON, "get", 302, api=False),
        Case("onboarding-list", ANON, "post", 302, api=False),
        Case("api:onboarding-list", ANON, "get", 401),
        Case("api:onboarding-list", ANON, "post", 401),
        Case(
            "onboarding-detail",
            ANON,
            "get",
            302,
            "ministry-file",
            api=False,
            url=job_of("ministry", "onboarding-detail"),
        ),
        Case(
            "onboarding-status",
            ANON,
            "get",
            302,
            "ministry-file",
            api=False,
            url=job_of("ministry", "onboarding-status"),
        ),
        Case(
            "onboarding-commit",
            ANON,
            "post",
            302,
            "ministry-file",
            api=False,
            url=job_of("ministry", "onboarding-commit"),
        ),
        Case(
            "onboarding-template",
            ANON,
            "get",
            302,
            api=False,
            url=lambda world: reverse("onboarding-template", args=["experts", "csv"]),
        ),
        Case(
            "api:onboarding-detail", ANON, "get", 401, "ministry-file", url=job_of("ministry", "api:onboarding-detail")
        ),
        Case(
            "api:onboarding-commit", ANON, "post", 401, "ministry-file", url=job_of("ministry", "api:onboarding-commit")
        ),
    ]
    return cases
