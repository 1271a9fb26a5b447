"""Matrix cases of invitations: the list, send again and withdraw are an administrator's (the ministry's for every
invitation, an organisation's for its own); the link to set a password answers anyone holding it."""

from ..builders.invitations import accept_url, nanjing_invitation
from ..cast import ADMINS, ROLES
from .base import ANON, rows, table

# Who sees an invitation into the Nanjing promotion body: the ministry and the body's own administrators.
SEES_NANJING = {"ministry", "nanjing_body"}


def _object_status(role, ok, *, api=False):
    """A page refuses whoever manages no invitations (403); the API looks the invitation up among those the caller
    sees first, and a viewer or an expert sees none (404), as another organisation's administrator."""
    if role not in ADMINS and not api:
        return 403
    return ok if role in SEES_NANJING else 404


def accept(route, target):
    return accept_url(target == "valid")


def invitation(route, _target):
    return nanjing_invitation(route)


def everyone(status):
    """Every role and the anonymous visitor: the link answers whoever holds it."""
    return dict.fromkeys([*ROLES, ANON], status)


def admins(ok):
    return {role: ok if role in ADMINS else 403 for role in ROLES}


def of_nanjing(ok, *, api=False, anon=None):
    expect = {role: _object_status(role, ok, api=api) for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


# route, method, target, who answers what, body, URL
ROWS = [
    ("invitation-accept", "get", "valid", everyone(200), None, accept),
    ("invitation-accept", "get", "unknown", everyone(404), None, accept),
    # The two passwords differ: the form answers with the field's error, nothing changes.
    (
        "invitation-accept",
        "post",
        "valid",
        everyone(200),
        {"password": "a-long-passphrase-9", "password_again": "another-passphrase-9"},
        accept,
    ),
    ("api:invitation-list", "get", None, {**admins(200), ANON: 401}, None, None),
    ("invitation-list", "get", None, {**admins(200), ANON: 302}, None, None),
    ("api:invitation-detail", "get", "nanjing", of_nanjing(200, api=True, anon=401), None, invitation),
    ("api:invitation-resend", "post", "nanjing", of_nanjing(200, api=True), None, invitation),
    ("api:invitation-withdraw", "post", "nanjing", of_nanjing(200, api=True), None, invitation),
    ("invitation-resend", "post", "nanjing", of_nanjing(302, anon=302), None, invitation),
    ("invitation-withdraw", "get", "nanjing", of_nanjing(200, anon=302), None, invitation),
    ("invitation-withdraw", "post", "nanjing", of_nanjing(302), None, invitation),
]


def cases():
    return table(
        *(
            rows(route, method, expect, targets=[target], data=data, url=url)
            for route, method, target, expect, data, url in ROWS
        )
    )
