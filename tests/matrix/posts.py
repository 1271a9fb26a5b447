"""Matrix cases of partner posts (exchange/posts), pages and API.

Each case makes its posts through the services (tests/builders/posts.py): posts of the Shenzhen cluster by the
Shenzhen body in the state the target names (draft, open, expired, closed), and the Nanjing body's interest in an
open one. Expectations: every organisation reads open posts; the publisher reads its own in every state; experts
and visitors read none (the API's empty list and 404, the pages' 403; a visitor is asked to sign in). A visible
post the role may not change is a 403, a step the state refuses a 409 (API) or a redirect back to the post (pages).
"""

from django.urls import reverse

from ..builders.posts import CONTACT, PUBLISHER_CONTACT, make_interest, make_post
from .base import ANON, rows, table

ORGANISATIONS = ["ministry", "jiangsu", "guangdong", "nanjing_body", "shenzhen_body", "nanjing_viewer"]
BODIES = ["nanjing_body", "shenzhen_body", "nanjing_viewer"]
STATES = ["draft", "open", "expired", "closed"]
PUBLISHER = "shenzhen_body"


def post_url(route, state, *extra):
    def make(world):
        post = make_post(world, state=state)
        return reverse(route, args=[post.pk, *extra])

    return make


def at(route, state):
    return post_url(route, state)


def step_url(route, target):
    action, state = target.split(":")
    return post_url(route, state, action)


def interest_url(route, target):
    """`state` or `action:state`: the Nanjing body's interest (pending with its contact offered, or accepted)."""
    action, _sep, state = target.rpartition(":")

    def make(world):
        interest = make_interest(world, make_post(world, state="open"), state=state)
        return reverse(route, args=[interest.pk, action] if action else [interest.pk])

    return make


def list_url(route, _target):
    return lambda world: reverse(route)


def follow_url(route, target):
    def make(world):
        from exchange.posts.models import Follow

        if route == "api:followed-cluster-detail":
            follow = Follow.objects.create(organisation=world.orgs["nanjing_body"], cluster=world.shenzhen_cluster)
            return reverse(route, args=[follow.pk])
        return reverse(route, args=[world.clusters[target].pk, "follow"])

    return make


def sees(role, state):
    return role == PUBLISHER or (role in ORGANISATIONS and state == "open")


def read_api(role, state):
    return 200 if sees(role, state) else 404


def read_page(role, state):
    if role == "expert":
        return 403
    return 200 if sees(role, state) else 404


def publisher_api(allowed_states, success):
    def expect(role, state):
        if not sees(role, state):
            return 404
        if role != PUBLISHER:
            return 403
        return success if state in allowed_states else 409

    return expect


def express_api(role, state):
    if not sees(role, state):
        return 404
    return 201 if role == "nanjing_body" else 403


def interest_api(actor, success):
    """An interest's step: the Nanjing body's and the publisher's organisations see it; `actor` may act."""

    def expect(role, target):
        if role not in BODIES:
            return 404
        if role != actor:
            return 403
        return success(target) if callable(success) else success

    return expect


def edit_page(method):
    def expect(role, state):
        seen = read_page(role, state)
        if seen != 200:
            return seen
        if role != PUBLISHER:
            return 403
        if state == "closed":
            return 302  # back to the post with the refusal's message
        return 200 if method == "get" else 400

    return expect


POST_STEPS = {"open:draft": (200, 302), "close:open": (200, 400), "delete:draft": (200, 302), "open:open": (302, 302)}


def step_page(method):
    def expect(role, target):
        state = target.split(":")[1]
        seen = read_page(role, state)
        if seen != 200:
            return seen
        if role != PUBLISHER:
            return 403
        get, post = POST_STEPS[target]
        return get if method == "get" else post

    return expect


def interest_page(method):
    def expect(role, state):
        seen = read_page(role, state)
        if seen != 200:
            return seen
        if role != "nanjing_body":
            return 403
        return 200 if method == "get" else 400

    return expect


def interest_step_page(actor, post_status):
    def expect(role, target):
        if role == "expert":
            return 403
        if role not in BODIES:
            return 404
        if role != actor:
            return 403
        return post_status(target) if callable(post_status) else post_status

    return expect


def signed_in(status, anonymous):
    return {**dict.fromkeys(ORGANISATIONS, status), "expert": status, ANON: anonymous}


def cases():
    organisations = {**dict.fromkeys(ORGANISATIONS, 200), "expert": 403, ANON: 302}
    bodies_add = {
        **dict.fromkeys(ORGANISATIONS, 403),
        "nanjing_body": 200,
        "shenzhen_body": 200,
        "expert": 403,
        ANON: 302,
    }
    bodies_only = {**dict.fromkeys(ORGANISATIONS, 403), **dict.fromkeys(BODIES, 200), "expert": 403, ANON: 302}
    anon_api = {ANON: 401}
    anon_page = {ANON: 302}
    return table(
        # The API: posts
        rows("api:post-list", "get", signed_in(200, 401)),
        rows(
            "api:post-list",
            "post",
            {**dict.fromkeys(ORGANISATIONS, 403), "nanjing_body": 400, "shenzhen_body": 400, "expert": 403, ANON: 401},
        ),
        *(rows(route, "get", read_api, targets=STATES, url=at) for route in ("api:post-detail", "api:post-history")),
        rows(
            "api:post-detail",
            "patch",
            publisher_api({"draft", "open", "expired"}, 200),
            targets=STATES,
            url=at,
            data={"title": "改过的标题"},
        ),
        rows("api:post-detail", "delete", publisher_api({"draft"}, 204), targets=STATES, url=at),
        rows("api:post-open", "post", publisher_api({"draft"}, 200), targets=STATES, url=at),
        rows(
            "api:post-close",
            "post",
            publisher_api({"open", "expired"}, 200),
            targets=STATES,
            url=at,
            data={"outcome": "withdrawn"},
        ),
        rows("api:post-interest", "post", express_api, targets=STATES, url=at, data={"message": "希望对接"}),
        *(
            rows(route, method, anon_api, targets=["open"], url=at)
            for route, method in (
                ("api:post-detail", "get"),
                ("api:post-history", "get"),
                ("api:post-detail", "patch"),
                ("api:post-detail", "delete"),
                ("api:post-open", "post"),
                ("api:post-close", "post"),
                ("api:post-interest", "post"),
            )
        ),
        # The API: interests
        rows("api:post-interest-list", "get", signed_in(200, 401)),
        rows(
            "api:post-interest-detail",
            "get",
            lambda role, _target: 200 if role in BODIES else 404,
            targets=["pending", "accepted"],
            url=interest_url,
        ),
        rows(
            "api:post-interest-contact",
            "post",
            interest_api("nanjing_body", lambda target: 200 if target == "pending" else 409),
            targets=["pending", "accepted"],
            url=interest_url,
            data=CONTACT,
        ),
        *(
            rows(
                f"api:post-interest-{action}",
                "post",
                interest_api(PUBLISHER, lambda target: 200 if target == "pending" else 409),
                targets=["pending", "accepted"],
                url=interest_url,
                data=PUBLISHER_CONTACT,
            )
            for action in ("accept", "decline")
        ),
        *(
            rows(route, method, anon_api, targets=["pending"], url=interest_url)
            for route, method in (
                ("api:post-interest-detail", "get"),
                ("api:post-interest-contact", "post"),
                ("api:post-interest-accept", "post"),
                ("api:post-interest-decline", "post"),
            )
        ),
        # The API: followed clusters
        rows("api:followed-cluster-list", "get", signed_in(200, 401)),
        rows(
            "api:followed-cluster-list",
            "post",
            {
                **dict.fromkeys(ORGANISATIONS, 403),
                "nanjing_body": 201,
                "shenzhen_body": 409,  # its own cluster
                "expert": 403,
                ANON: 401,
            },
            targets=["follow@shenzhen_cluster"],
            url=list_url,
            data={"cluster": "__cluster__"},
        ),
        rows(
            "api:followed-cluster-detail",
            "delete",
            {**dict.fromkeys(ORGANISATIONS, 404), "nanjing_body": 204, "nanjing_viewer": 403, "expert": 404, ANON: 401},
            targets=["nanjing"],
            url=follow_url,
        ),
        # Pages
        rows("post-list", "get", organisations),
        rows("post-add", "get", bodies_add),
        rows("post-add", "post", {**bodies_add, "nanjing_body": 400, "shenzhen_body": 400}),
        rows("follow-list", "get", bodies_only),
        rows(
            "cluster-follow",
            "post",
            {
                **dict.fromkeys(ORGANISATIONS, 403),
                "nanjing_body": 302,
                "shenzhen_body": 404,  # its own cluster is not one to follow
                "expert": 403,
                ANON: 302,
            },
            targets=["shenzhen_cluster"],
            url=follow_url,
        ),
        *(rows(route, "get", read_page, targets=STATES, url=at) for route in ("post-detail", "post-history")),
        *(rows("post-edit", method, edit_page(method), targets=STATES, url=at) for method in ("get", "post")),
        *(
            rows("post-step", method, step_page(method), targets=list(POST_STEPS), url=step_url)
            for method in ("get", "post")
        ),
        *(rows("post-interest", method, interest_page(method), targets=STATES, url=at) for method in ("get", "post")),
        *(
            rows(
                "interest-contact",
                method,
                interest_step_page("nanjing_body", 200 if method == "get" else 400),
                targets=["pending"],
                url=interest_url,
            )
            for method in ("get", "post")
        ),
        rows(
            "interest-answer",
            "get",
            interest_step_page(PUBLISHER, 200),
            targets=["accept:pending", "decline:pending"],
            url=interest_url,
        ),
        rows(
            "interest-answer",
            "post",
            interest_step_page(PUBLISHER, lambda target: 400 if target.startswith("accept") else 302),
            targets=["accept:pending", "decline:pending"],
            url=interest_url,
        ),
        *(
            rows(route, method, anon_page, targets=["open"], url=at)
            for route in ("post-detail", "post-history", "post-edit", "post-interest")
            for method in (("get",) if route in ("post-detail", "post-history") else ("get", "post"))
        ),
        *(rows("post-step", method, anon_page, targets=["open:draft"], url=step_url) for method in ("get", "post")),
        *(
            rows(route, method, anon_page, targets=[target], url=interest_url)
            for route, target in (("interest-contact", "pending"), ("interest-answer", "accept:pending"))
            for method in ("get", "post")
        ),
    )
