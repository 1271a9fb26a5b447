"""Matrix cases of invitations: the list, send again and withdraw are an administrator's (the ministry's for every
invitation, an organisation's for its own); the link to set a password answers anyone holding it."""

from ..builders.invitations import accept_url, nanjing_invitation
from ..cast import ADMINS, ROLES
from .base import ANON, Case

# Who sees an invitation into the Nanjing promotion body: the ministry and the body's own administrators.
SEES_NANJING = {"ministry", "nanjing_body"}


def _object_status(role, ok, *, api=False):
    """A page refuses whoever manages no invitations (403); the API looks the invitation up among those the caller
    sees first, and a viewer or an expert sees none (404), as another organisation's administrator."""
    if role not in ADMINS and not api:
        return 403
    return ok if role in SEES_NANJING else 404


def cases():
    cases = []
    for role in [*ROLES, ANON]:
        anonymous = role == ANON
        cases += [
            Case("invitation-accept", role, "get", 200, target="valid", api=False, url=accept_url(True)),
            Case("invitation-accept", role, "get", 404, target="unknown", api=False, url=accept_url(False)),
            Case(
                "invitation-accept",
                role,
                "post",
                200,  # the two passwords differ: the form answers with the field's error, nothing changes
                target="valid",
                data={"password": "a-long-passphrase-9", "password_again": "another-passphrase-9"},
                api=False,
                url=accept_url(True),
            ),
        ]
        if anonymous:
            continue
        listed = 200 if role in ADMINS else 403
        cases += [
            Case("api:invitation-list", role, "get", listed),
            Case("invitation-list", role, "get", listed, api=False),
        ]
        for route in ("api:invitation-detail", "api:invitation-resend", "api:invitation-withdraw"):
            method = "get" if route == "api:invitation-detail" else "post"
            cases.append(
                Case(
                    route,
                    role,
                    method,
                    _object_status(role, 200, api=True),
                    target="nanjing",
                    url=nanjing_invitation(route),
                )
            )
        cases += [
            Case(
                "invitation-resend",
                role,
                "post",
                _object_status(role, 302),
                target="nanjing",
                api=False,
                url=nanjing_invitation("invitation-resend"),
            ),
            Case(
                "invitation-withdraw",
                role,
                "get",
                _object_status(role, 200),
                target="nanjing",
                api=False,
                url=nanjing_invitation("invitation-withdraw"),
            ),
            Case(
                "invitation-withdraw",
                role,
                "post",
                _object_status(role, 302),
                target="nanjing",
                api=False,
                url=nanjing_invitation("invitation-withdraw"),
            ),
        ]
    cases += [Case("api:invitation-list", ANON, "get", 401), Case("invitation-list", ANON, "get", 302, api=False)]
    cases.append(
        Case(
            "api:invitation-detail", ANON, "get", 401, target="nanjing", url=nanjing_invitation("api:invitation-detail")
        )
    )
    for route, method in (("invitation-resend", "post"), ("invitation-withdraw", "get")):
        cases.append(Case(route, ANON, method, 302, target="nanjing", api=False, url=nanjing_invitation(route)))
    return cases
