"""Matrix cases of the policy library: policies, instruments, toolkits (API and pages), for every role.

Six policies cover every outcome: a published and a draft policy of the ministry; a published (targeting the
Nanjing cluster), an expired and a draft policy of Jiangsu; a published policy of Guangdong (targeting the
Shenzhen cluster). Two toolkits: Jiangsu's for the Nanjing cluster and Guangdong's for the Shenzhen cluster.
Each case creates the rows it needs in its `url` function (before the matrix takes its snapshot).
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from ..builders.exports import export_request
from ..builders.policies import PDF, POLICIES, make_instrument, make_policy, make_toolkit
from ..cast import LOCAL_GOVERNMENTS, ROLES, VISIBLE_CLUSTERS
from .base import ANON, rows, table

# The routes that repeat a rule already checked elsewhere (history, attachments, confirmed POSTs) run on these.
CORE = {"jiangsu-published", "jiangsu-draft", "jiangsu-expired"}
INSTRUMENT_POLICIES = ["jiangsu-published", "jiangsu-expired", "guangdong-published"]
# name: (owner, cluster, who reads it)
CLUSTER_READERS = {
    name: {role for role in ROLES if name in VISIBLE_CLUSTERS[role]} for name in ("nanjing_cluster", "shenzhen_cluster")
}
TOOLKITS = {
    "jiangsu-nanjing": ("jiangsu", "nanjing_cluster", CLUSTER_READERS["nanjing_cluster"]),
    "guangdong-shenzhen": ("guangdong", "shenzhen_cluster", CLUSTER_READERS["shenzhen_cluster"]),
}
ISSUERS = {"ministry", *LOCAL_GOVERNMENTS}
LOCALS = LOCAL_GOVERNMENTS


def policy_from_spec(world, name):
    issuer, status, targets, _readers = POLICIES[name]
    return make_policy(world, issuer, status, targets=targets)


def toolkit_from_spec(world, name):
    owner, cluster, _readers = TOOLKITS[name]
    national = make_policy(world, "ministry", "published")
    instrument = make_instrument(national, paid={2021: "1000"})
    return make_toolkit(world, owner, cluster, policies=[national], instruments=[instrument])


def policy_url(route, name, *, attachment=False):
    def url(world):
        policy = policy_from_spec(world, name)
        if attachment:
            policy.attachment.save("text.pdf", ContentFile(PDF), save=True)
        return reverse(route, args=[policy.pk])

    return url


def instrument_url(route, name, *, api=True):
    def url(world):
        instrument = make_instrument(policy_from_spec(world, name), paid={2021: "100"})
        return reverse(route, args=[instrument.pk] if api else [instrument.policy_id, instrument.pk])

    return url


def toolkit_url(route, name):
    def url(world):
        return reverse(route, args=[toolkit_from_spec(world, name).pk])

    return url


def read(role, readers):
    if role in readers:
        return 200
    return 404


def policy_write(role, name, action, *, api=True):
    """What a write on the policy answers: 404 unseen, 403 not the issuer's; a step the policy's state refuses is
    a 409 in the API and a redirect back to the policy with the message on a page."""
    issuer, status, _targets, readers = POLICIES[name]
    if role not in readers:
        return 404
    if role != issuer:
        return 403
    allowed = {
        "change": status != "expired",
        "publish": status == "draft",
        "expire": status == "published",
        "delete": status == "draft",
        "instrument": status != "expired",
    }[action]
    if allowed:
        return 200
    return 409 if api else 302


def with_done(status, done):
    return done if status == 200 else status


# URLs of a row's targets (a policy's or a toolkit's name from the tables above).


def attachment_url(route, name):
    return policy_url(route, name, attachment=True)


def page_instrument_url(route, name):
    return instrument_url(route, name, api=False)


def at(route, _target):
    return lambda world: reverse(route)


def compare_url(route, target):
    cluster = target.removeprefix("compare-")
    return lambda world: f"{reverse(route)}?cluster={world.clusters[cluster].pk}"


def api_instrument_create(name, data):
    def url(world):
        policy = policy_from_spec(world, name)
        data.update(policy=policy.pk, kind="subsidy", category="industry", name="补贴", amount="500.00")
        return reverse("api:instrument-list")

    return url


def instrument_create(route, name, body):
    """A new instrument of the policy `new-<name>`: the URL function makes the policy and names it in the body."""
    return api_instrument_create(name.removeprefix("new-"), body)


# Expectations from the tables above.


def everyone(status):
    return lambda role, _target: status


def issuer(status, otherwise=403):
    return lambda role, _target: status if role in ISSUERS else otherwise


def local(status, otherwise=403):
    return lambda role, _target: status if role in LOCALS else otherwise


def policy_read(role, name):
    return read(role, POLICIES[name][3])


def policy_step(action, *, api=True, done=200):
    return lambda role, name: with_done(policy_write(role, name, action, api=api), done)


def instrument_create_status(role, target):
    name = target.removeprefix("new-")
    if role not in ISSUERS:
        return 403  # may add instruments to no policy at all
    if role not in POLICIES[name][3]:
        return 400  # the policy "does not exist" for the caller
    return with_done(policy_write(role, name, "instrument"), 201)


def toolkit_read(role, name):
    return read(role, TOOLKITS[name][2])


def toolkit_write(done=200, *, empty_form=False):
    def status(role, name):
        owner, _cluster, readers = TOOLKITS[name]
        write = 404 if role not in readers else 200 if role == owner else 403
        if empty_form:
            return 400 if write == 200 else write  # an empty form: field errors, no change
        return with_done(write, done)

    return status


def compare_read(role, target):
    return 200 if role in CLUSTER_READERS[target.removeprefix("compare-")] else 404


ALL = list(POLICIES)
CORE_POLICIES = [name for name in POLICIES if name in CORE]
ALL_TOOLKITS = list(TOOLKITS)
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def policy_cases():
    return table(
        rows("api:policy-list", "get", everyone(200)),
        rows("policy-list", "get", everyone(200)),
        rows(
            "api:policy-list",
            "post",
            issuer(201),
            targets=["new-policy"],
            url=at,
            data={"title": "新政策", "issued_on": "2024-01-01", "categories": ["industry"]},
        ),
        rows("policy-add", "get", issuer(200)),
        rows("policy-add", "post", issuer(400), targets=["empty"], url=at),
        rows("api:instrument-list", "get", everyone(200)),
        *(
            rows(route, "get", policy_read, targets=ALL, url=policy_url)
            for route in ("api:policy-detail", "policy-detail")
        ),
        *(
            rows(route, "get", policy_read, targets=CORE_POLICIES, url=policy_url)
            for route in ("api:policy-history", "policy-history")
        ),
        *(
            rows(route, "get", policy_read, targets=CORE_POLICIES, url=attachment_url)
            for route in ("api:policy-attachment", "policy-attachment")
        ),
        rows("api:policy-detail", "patch", policy_step("change"), targets=ALL, url=policy_url, data={"summary": "改"}),
        rows("api:policy-detail", "delete", policy_step("delete", done=204), targets=ALL, url=policy_url),
        rows("policy-edit", "get", policy_step("change", api=False), targets=ALL, url=policy_url),
        *(
            rows(f"api:policy-{action}", "post", policy_step(action), targets=ALL, url=policy_url)
            + rows(f"policy-{action}", "get", policy_step(action, api=False), targets=ALL, url=policy_url)
            + rows(
                f"policy-{action}",
                "post",
                policy_step(action, api=False, done=302),
                targets=CORE_POLICIES,
                url=policy_url,
            )
            for action in ("publish", "expire")
        ),
        rows("policy-delete", "get", policy_step("delete", api=False), targets=ALL, url=policy_url),
        rows(
            "policy-delete", "post", policy_step("delete", api=False, done=302), targets=CORE_POLICIES, url=policy_url
        ),
        rows("instrument-add", "get", policy_step("instrument", api=False), targets=ALL, url=policy_url),
    )


def instrument_cases():
    return table(
        rows(
            "api:instrument-list",
            "post",
            instrument_create_status,
            targets=[f"new-{name}" for name in INSTRUMENT_POLICIES],
            fills=instrument_create,
        ),
        *(
            rows(route, "get", policy_read, targets=INSTRUMENT_POLICIES, url=instrument_url)
            for route in ("api:instrument-detail", "api:instrument-history")
        ),
        rows(
            "api:instrument-detail",
            "patch",
            policy_step("instrument"),
            targets=INSTRUMENT_POLICIES,
            url=instrument_url,
            data={"name": "改名"},
        ),
        rows(
            "api:instrument-detail",
            "delete",
            policy_step("instrument", done=204),
            targets=INSTRUMENT_POLICIES,
            url=instrument_url,
        ),
        rows("instrument-history", "get", policy_read, targets=INSTRUMENT_POLICIES, url=page_instrument_url),
        *(
            rows(
                route, "get", policy_step("instrument", api=False), targets=INSTRUMENT_POLICIES, url=page_instrument_url
            )
            for route in ("instrument-edit", "instrument-delete")
        ),
        rows(
            "instrument-delete",
            "post",
            policy_step("instrument", api=False, done=302),
            targets=INSTRUMENT_POLICIES,
            url=page_instrument_url,
        ),
    )


def toolkit_cases():
    return table(
        *(
            rows(route, "get", everyone(200))
            for route in ("api:toolkit-list", "toolkit-list", "api:toolkit-compare", "toolkit-compare")
        ),
        rows("toolkit-add", "get", local(200)),
        rows("toolkit-add", "post", local(400), targets=["empty"], url=at),
        rows(
            "api:toolkit-list",
            "post",
            lambda role, _: {"jiangsu": 201, "guangdong": 400}.get(role, 403),  # Guangdong cannot see Nanjing
            targets=["new-toolkit@nanjing_cluster"],
            url=at,
            data={"cluster": "__cluster__", "title": "新工具箱"},
        ),
        *(
            rows(
                route,
                "get",
                compare_read,
                targets=["compare-nanjing_cluster", "compare-shenzhen_cluster"],
                url=compare_url,
            )
            for route in ("api:toolkit-compare", "toolkit-compare")
        ),
        rows(  # the toolkit comparison as an export job (tenancy/exports)
            "export-new",
            "post",
            lambda role, target: 302 if toolkit_read(role, target) == 200 else toolkit_read(role, target),
            targets=["jiangsu-nanjing"],
            fills=export_request(
                "policies.toolkit_comparison",
                query=lambda world, name: f"toolkit={toolkit_from_spec(world, name).pk}",
            ),
        ),
        *(
            rows(route, "get", toolkit_read, targets=ALL_TOOLKITS, url=toolkit_url)
            for route in (
                "api:toolkit-detail",
                "api:toolkit-history",
                "api:toolkit-coverage",
                "toolkit-detail",
                "toolkit-history",
            )
        ),
        rows(
            "api:toolkit-detail",
            "patch",
            toolkit_write(),
            targets=ALL_TOOLKITS,
            url=toolkit_url,
            data={"notes": "更新"},
        ),
        rows("api:toolkit-detail", "delete", toolkit_write(204), targets=ALL_TOOLKITS, url=toolkit_url),
        rows("toolkit-edit", "get", toolkit_write(), targets=ALL_TOOLKITS, url=toolkit_url),
        rows("toolkit-edit", "post", toolkit_write(empty_form=True), targets=ALL_TOOLKITS, url=toolkit_url),
        rows("toolkit-delete", "get", toolkit_write(), targets=ALL_TOOLKITS, url=toolkit_url),
        rows("toolkit-delete", "post", toolkit_write(302), targets=ALL_TOOLKITS, url=toolkit_url),
    )


def anonymous_cases():
    """An anonymous visitor reads published policies and instruments (the public library), nothing else."""
    return table(
        rows("api:policy-list", "get", {ANON: 200}),
        rows("policy-list", "get", {ANON: 200}),
        rows("api:policy-list", "post", ANON_API, data={"title": "x"}),
        rows("api:instrument-list", "get", {ANON: 200}),
        rows("api:instrument-list", "post", ANON_API, data={"name": "x"}),
        *(rows(route, "get", ANON_API) for route in ("api:toolkit-list", "api:toolkit-compare")),
        *(rows(route, "get", ANON_PAGE) for route in ("policy-add", "toolkit-list", "toolkit-add", "toolkit-compare")),
        *(
            rows(route, "get", policy_read, roles=[ANON], targets=ALL, url=policy_url)
            for route in ("api:policy-detail", "policy-detail")
        ),
        *(
            rows(route, "get", policy_read, roles=[ANON], targets=ALL, url=attachment_url)
            for route in ("api:policy-attachment", "policy-attachment")
        ),
        rows("api:policy-history", "get", ANON_API, targets=ALL, url=policy_url),
        rows("api:policy-detail", "patch", ANON_API, targets=ALL, url=policy_url, data={"summary": "x"}),
        *(
            rows(route, "post", ANON_API, targets=ALL, url=policy_url)
            for route in ("api:policy-publish", "api:policy-expire")
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=ALL, url=policy_url)
            for route in (
                "policy-edit",
                "policy-publish",
                "policy-expire",
                "policy-delete",
                "policy-history",
                "instrument-add",
            )
        ),
        rows(
            "api:instrument-detail", "get", policy_read, roles=[ANON], targets=INSTRUMENT_POLICIES, url=instrument_url
        ),
        rows(
            "api:instrument-detail",
            "patch",
            ANON_API,
            targets=INSTRUMENT_POLICIES,
            url=instrument_url,
            data={"name": "x"},
        ),
        rows("api:instrument-history", "get", ANON_API, targets=INSTRUMENT_POLICIES, url=instrument_url),
        *(
            rows(route, "get", ANON_PAGE, targets=INSTRUMENT_POLICIES, url=page_instrument_url)
            for route in ("instrument-edit", "instrument-delete", "instrument-history")
        ),
        *(
            rows(route, "get", ANON_API, targets=ALL_TOOLKITS, url=toolkit_url)
            for route in ("api:toolkit-detail", "api:toolkit-history", "api:toolkit-coverage")
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=ALL_TOOLKITS, url=toolkit_url)
            for route in ("toolkit-detail", "toolkit-edit", "toolkit-delete", "toolkit-history")
        ),
    )


def cases():
    return anonymous_cases() + policy_cases() + instrument_cases() + toolkit_cases()
