"""Matrix cases of the accounts: API tokens (the caller's own only: another user's token is a 404 to everyone),
the password pages of a signed-in user, and the password-reset pages anyone may open."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..cast import ROLES
from .base import ANON, Case


def _token_of(owner):
    """A URL maker: a new token of the cast member `owner`, and the route's URL for it."""

    def url(world, route):
        from tenancy.accounts.services import api_token_create

        token, _key = api_token_create(user=world.user(owner), name="matrix")
        return reverse(route, args=[token.pk])

    return url


def _token_url(route, owner):
    make = _token_of(owner)
    return lambda world: make(world, route)


def _reset_link(world, valid=False):
    user = world.ministry
    token = default_token_generator.make_token(user) if valid else "not-a-token"
    return reverse("password-reset-confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), token])


def _owners(role):
    """Whose tokens a role tries: its own, and one other user's."""
    return [role, "expert" if role != "expert" else "nanjing_body"]


def api_cases():
    cases = []
    for role in ROLES:
        cases += [
            Case("api:auth-token", role, "delete", 204),
            Case("api:api-token-list", role, "get", 200),
        ]
        for owner in _owners(role):
            status = 204 if owner == role else 404
            url = _token_url("api:api-token-detail", owner)
            cases.append(Case("api:api-token-detail", role, "delete", status, target=f"token-of-{owner}", url=url))
    cases += [
        Case("api:auth-token", ANON, "delete", 401),
        Case("api:api-token-list", ANON, "get", 401),
        Case(
            "api:api-token-detail",
            ANON,
            "delete",
            401,
            target="token-of-nanjing_body",
            url=_token_url("api:api-token-detail", "nanjing_body"),
        ),
    ]
    return cases


def page_cases():
    cases = []
    for role in ROLES:
        cases += [
            Case("account-tokens", role, "get", 200, api=False),
            Case("account-token-create", role, "get", 200, api=False),
            Case("account-token-create", role, "post", 201, data={"name": "matrix"}, api=False),
            Case("password-change", role, "get", 200, api=False),
            Case("password-change", role, "post", 200, api=False),  # an empty form: its errors, nothing changed
            Case("password-change", role, "put", 200, api=False),
        ]
        for owner in _owners(role):
            own = owner == role
            url = _token_url("account-token-revoke", owner)
            target = f"token-of-{owner}"
            cases += [
                Case("account-token-revoke", role, "get", 200 if own else 404, target=target, url=url, api=False),
                Case("account-token-revoke", role, "post", 302 if own else 404, target=target, url=url, api=False),
            ]
    other = _token_url("account-token-revoke", "nanjing_body")
    cases += [
        Case("account-tokens", ANON, "get", 302, api=False),
        Case("account-token-create", ANON, "get", 302, api=False),
        Case("account-token-create", ANON, "post", 302, data={"name": "matrix"}, api=False),
        Case("account-token-revoke", ANON, "get", 302, target="token-of-nanjing_body", url=other, api=False),
        Case("account-token-revoke", ANON, "post", 302, target="token-of-nanjing_body", url=other, api=False),
        Case("password-change", ANON, "get", 302, api=False),
        Case("password-change", ANON, "post", 302, api=False),
        Case("password-change", ANON, "put", 302, api=False),
    ]
    for role in [*ROLES, ANON]:
        cases += [
            Case("password-reset", role, "get", 200, api=False),
            Case("password-reset", role, "post", 302, data={"email": "nobody@example.cn"}, api=False),
            Case("password-reset", role, "put", 200, api=False),
            Case("password-reset-done", role, "get", 200, api=False),
            Case("password-reset-complete", role, "get", 200, api=False),
        ]
        for method in ("get", "post", "put"):
            cases.append(
                Case("password-reset-confirm", role, method, 200, target="bad-link", url=_reset_link, api=False)
            )
        cases.append(
            Case(
                "password-reset-confirm",
                role,
                "get",
                302,  # a good link moves its token into the session and on to the form's own address
                target="good-link",
                url=lambda world: _reset_link(world, valid=True),
                api=False,
            )
        )
    return cases


def cases():
    return api_cases() + page_cases()
