"""Matrix cases of the accounts: API tokens (the caller's own only: another user's token is a 404 to everyone),
the password pages of a signed-in user, and the password-reset pages anyone may open."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..cast import ROLES
from .base import ANON, rows, table


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


def token(route, target):
    """`token-of-<owner>`: a new API token of the cast member `owner`."""
    return _token_url(route, target.removeprefix("token-of-"))


def reset_link(route, target):
    return _reset_link if target == "bad-link" else lambda world: _reset_link(world, valid=True)


def own_token(ok):
    """A role's own token answers `ok`; another user's is a 404 to everyone."""
    return lambda role, target: ok if target == f"token-of-{role}" else 404


def everyone(status, anon=None):
    expect = dict.fromkeys(ROLES, status)
    if anon is not None:
        expect[ANON] = anon
    return expect


# Whose tokens a role tries: its own, and one other user's.
OWNERS = {role: _owners(role) for role in ROLES}
ANON_TOKEN = ["token-of-nanjing_body"]


def token_rows(route, method, ok, anon):
    return table(
        *(
            rows(
                route, method, own_token(ok), roles=[role], targets=[f"token-of-{owner}" for owner in owners], url=token
            )
            for role, owners in OWNERS.items()
        ),
        rows(route, method, {ANON: anon}, targets=ANON_TOKEN, url=token),
    )


def api_cases():
    return table(
        rows("api:auth-token", "delete", everyone(204, anon=401)),
        rows("api:api-token-list", "get", everyone(200, anon=401)),
        token_rows("api:api-token-detail", "delete", 204, 401),
    )


def page_cases():
    return table(
        rows("account-tokens", "get", everyone(200, anon=302)),
        rows("account-token-create", "get", everyone(200, anon=302)),
        rows("account-token-create", "post", everyone(201, anon=302), data={"name": "matrix"}),
        token_rows("account-token-revoke", "get", 200, 302),
        token_rows("account-token-revoke", "post", 302, 302),
        rows("password-change", "get", everyone(200, anon=302)),
        rows("password-change", "post", everyone(200, anon=302)),  # an empty form: its errors, nothing changed
        rows("password-change", "put", everyone(200, anon=302)),
        # The password-reset pages answer anyone.
        rows("password-reset", "get", everyone(200, anon=200)),
        rows("password-reset", "post", everyone(302, anon=302), data={"email": "nobody@example.cn"}),
        rows("password-reset", "put", everyone(200, anon=200)),
        rows("password-reset-done", "get", everyone(200, anon=200)),
        rows("password-reset-complete", "get", everyone(200, anon=200)),
        *(
            rows("password-reset-confirm", method, everyone(200, anon=200), targets=["bad-link"], url=reset_link)
            for method in ("get", "post", "put")
        ),
        # A good link moves its token into the session and on to the form's own address.
        rows("password-reset-confirm", "get", everyone(302, anon=302), targets=["good-link"], url=reset_link),
    )


def cases():
    return api_cases() + page_cases()
