"""Matrix cases of the policy library: policies, instruments, toolkits (API and pages), for every role.

Six policies cover every outcome: a published and a draft policy of the ministry; a published (targeting the
Nanjing cluster), an expired and a draft policy of Jiangsu; a published policy of Guangdong (targeting the
Shenzhen cluster). Two toolkits: Jiangsu's for the Nanjing cluster and Guangdong's for the Shenzhen cluster.
Each case creates the rows it needs in its `url` function (before the matrix takes its snapshot).
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from ..builders.policies import PDF, POLICIES, make_instrument, make_policy, make_toolkit
from ..cast import LOCAL_GOVERNMENTS, ROLES
from .base import ANON, Case

# The routes that repeat a rule already checked elsewhere (history, attachments, confirmed POSTs) run on these.
CORE = {"jiangsu-published", "jiangsu-draft", "jiangsu-expired"}
INSTRUMENT_POLICIES = ["jiangsu-published", "jiangsu-expired", "guangdong-published"]
# name: (owner, cluster, who reads it)
TOOLKITS = {
    "jiangsu-nanjing": ("jiangsu", "nanjing_cluster", {"ministry", "jiangsu", "nanjing_body", "nanjing_viewer"}),
    "guangdong-shenzhen": ("guangdong", "shenzhen_cluster", {"ministry", "guangdong", "shenzhen_body"}),
}
ISSUERS = {"ministry", "jiangsu", "guangdong"}
CLUSTER_READERS = {
    "nanjing_cluster": {"ministry", "jiangsu", "nanjing_body", "nanjing_viewer"},
    "shenzhen_cluster": {"ministry", "guangdong", "shenzhen_body"},
}
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


def policy_cases(role):
    cases = [
        Case("api:policy-list", role, "get", 200),
        Case("policy-list", role, "get", 200, api=False),
        Case(
            "api:policy-list",
            role,
            "post",
            201 if role in ISSUERS else 403,
            target="new-policy",
            url=lambda world: reverse("api:policy-list"),
            data={"title": "新政策", "issued_on": "2024-01-01", "categories": ["industry"]},
        ),
        Case("policy-add", role, "get", 200 if role in ISSUERS else 403, api=False),
        Case(
            "policy-add",
            role,
            "post",
            400 if role in ISSUERS else 403,
            target="empty",
            data={},
            api=False,
            url=lambda world: reverse("policy-add"),
        ),
        Case("api:instrument-list", role, "get", 200),
    ]
    for name, (_issuer, _status, _targets, readers) in POLICIES.items():
        seen = read(role, readers)
        change = policy_write(role, name, "change")
        for route, api in (("api:policy-detail", True), ("policy-detail", False)):
            cases.append(Case(route, role, "get", seen, target=name, api=api, url=policy_url(route, name)))
        if name in CORE:
            for route, api in (("api:policy-history", True), ("policy-history", False)):
                cases.append(Case(route, role, "get", seen, target=name, api=api, url=policy_url(route, name)))
            for route, api in (("api:policy-attachment", True), ("policy-attachment", False)):
                cases.append(
                    Case(route, role, "get", seen, target=name, api=api, url=policy_url(route, name, attachment=True))
                )
        cases += [
            Case(
                "api:policy-detail",
                role,
                "patch",
                change,
                target=name,
                data={"summary": "改"},
                url=policy_url("api:policy-detail", name),
            ),
            Case(
                "api:policy-detail",
                role,
                "delete",
                with_done(policy_write(role, name, "delete"), 204),
                target=name,
                url=policy_url("api:policy-detail", name),
            ),
            Case(
                "policy-edit",
                role,
                "get",
                policy_write(role, name, "change", api=False),
                target=name,
                api=False,
                url=policy_url("policy-edit", name),
            ),
        ]
        for action in ("publish", "expire"):
            status = policy_write(role, name, action)
            page = policy_write(role, name, action, api=False)
            cases.append(
                Case(
                    f"api:policy-{action}",
                    role,
                    "post",
                    status,
                    target=name,
                    url=policy_url(f"api:policy-{action}", name),
                )
            )
            route = f"policy-{action}"
            cases.append(Case(route, role, "get", page, target=name, api=False, url=policy_url(route, name)))
            if name in CORE:
                cases.append(
                    Case(route, role, "post", with_done(page, 302), target=name, api=False, url=policy_url(route, name))
                )
        delete = policy_write(role, name, "delete", api=False)
        cases.append(
            Case("policy-delete", role, "get", delete, target=name, api=False, url=policy_url("policy-delete", name))
        )
        if name in CORE:
            cases.append(
                Case(
                    "policy-delete",
                    role,
                    "post",
                    with_done(delete, 302),
                    target=name,
                    api=False,
                    url=policy_url("policy-delete", name),
                )
            )
        cases.append(
            Case(
                "instrument-add",
                role,
                "get",
                policy_write(role, name, "instrument", api=False),
                target=name,
                api=False,
                url=policy_url("instrument-add", name),
            )
        )
    return cases


def api_instrument_create(name, data):
    def url(world):
        policy = policy_from_spec(world, name)
        data.update(policy=policy.pk, kind="subsidy", category="industry", name="补贴", amount="500.00")
        return reverse("api:instrument-list")

    return url


def instrument_cases(role):
    cases = []
    for name in INSTRUMENT_POLICIES:
        readers = POLICIES[name][3]
        seen = read(role, readers)
        change = policy_write(role, name, "instrument")
        page = policy_write(role, name, "instrument", api=False)
        if role not in ISSUERS:
            create = 403  # may add instruments to no policy at all
        elif role not in readers:
            create = 400  # the policy "does not exist" for the caller
        else:
            create = with_done(change, 201)
        data = {}
        cases.append(
            Case(
                "api:instrument-list",
                role,
                "post",
                create,
                target=f"new-{name}",
                data=data,
                url=api_instrument_create(name, data),
            )
        )
        for route in ("api:instrument-detail", "api:instrument-history"):
            cases.append(Case(route, role, "get", seen, target=name, url=instrument_url(route, name)))
        cases.append(
            Case(
                "api:instrument-detail",
                role,
                "patch",
                change,
                target=name,
                data={"name": "改名"},
                url=instrument_url("api:instrument-detail", name),
            )
        )
        cases.append(
            Case(
                "api:instrument-detail",
                role,
                "delete",
                with_done(change, 204),
                target=name,
                url=instrument_url("api:instrument-detail", name),
            )
        )
        for route, method, status in (
            ("instrument-history", "get", seen),
            ("instrument-edit", "get", page),
            ("instrument-delete", "get", page),
            ("instrument-delete", "post", with_done(page, 302)),
        ):
            cases.append(
                Case(route, role, method, status, target=name, api=False, url=instrument_url(route, name, api=False))
            )
    return cases


def toolkit_cases(role):
    signed_in = 200
    cases = [
        Case("api:toolkit-list", role, "get", signed_in),
        Case("toolkit-list", role, "get", signed_in, api=False),
        Case("api:toolkit-compare", role, "get", signed_in),
        Case("toolkit-compare", role, "get", signed_in, api=False),
        Case("toolkit-add", role, "get", 200 if role in LOCALS else 403, api=False),
        Case(
            "toolkit-add",
            role,
            "post",
            400 if role in LOCALS else 403,
            target="empty",
            data={},
            api=False,
            url=lambda world: reverse("toolkit-add"),
        ),
        Case(
            "api:toolkit-list",
            role,
            "post",
            {"jiangsu": 201, "guangdong": 400}.get(role, 403),  # Guangdong cannot see (nor bundle for) Nanjing
            target="new-toolkit@nanjing_cluster",
            url=lambda world: reverse("api:toolkit-list"),
            data={"cluster": "__cluster__", "title": "新工具箱"},
        ),
    ]
    for cluster in ("nanjing_cluster", "shenzhen_cluster"):
        seen = 200 if role in CLUSTER_READERS[cluster] else 404
        for route, api in (("api:toolkit-compare", True), ("toolkit-compare", False)):
            cases.append(
                Case(
                    route,
                    role,
                    "get",
                    seen,
                    target=f"compare-{cluster}",
                    api=api,
                    url=lambda world, route=route, cluster=cluster: (
                        f"{reverse(route)}?cluster={world.clusters[cluster].pk}"
                    ),
                )
            )

    def export_url(world, name="jiangsu-nanjing"):
        toolkit = toolkit_from_spec(world, name)
        return f"{reverse('toolkit-compare-export')}?toolkit={toolkit.pk}"

    cases.append(
        Case(
            "toolkit-compare-export",
            role,
            "get",
            read(role, TOOLKITS["jiangsu-nanjing"][2]),
            target="jiangsu-nanjing",
            api=False,
            url=export_url,
        )
    )
    for name, (owner, _cluster, readers) in TOOLKITS.items():
        seen = read(role, readers)
        write = seen if seen == 404 else (200 if role == owner else 403)
        for route in ("api:toolkit-detail", "api:toolkit-history", "api:toolkit-coverage"):
            cases.append(Case(route, role, "get", seen, target=name, url=toolkit_url(route, name)))
        cases += [
            Case(
                "api:toolkit-detail",
                role,
                "patch",
                write,
                target=name,
                data={"notes": "更新"},
                url=toolkit_url("api:toolkit-detail", name),
            ),
            Case(
                "api:toolkit-detail",
                role,
                "delete",
                with_done(write, 204),
                target=name,
                url=toolkit_url("api:toolkit-detail", name),
            ),
        ]
        for route, method, status in (
            ("toolkit-detail", "get", seen),
            ("toolkit-history", "get", seen),
            ("toolkit-edit", "get", write),
            ("toolkit-edit", "post", 400 if write == 200 else write),  # an empty form: field errors, no change
            ("toolkit-delete", "get", write),
            ("toolkit-delete", "post", with_done(write, 302)),
        ):
            cases.append(Case(route, role, method, status, target=name, api=False, url=toolkit_url(route, name)))
    return cases


def anonymous_cases():
    cases = [
        Case("api:policy-list", ANON, "get", 200),
        Case("policy-list", ANON, "get", 200, api=False),
        Case("api:policy-list", ANON, "post", 401, data={"title": "x"}),
        Case("api:instrument-list", ANON, "get", 200),
        Case("api:instrument-list", ANON, "post", 401, data={"name": "x"}),
        Case("api:toolkit-list", ANON, "get", 401),
        Case("api:toolkit-compare", ANON, "get", 401),
        Case("policy-add", ANON, "get", 302, api=False),
        Case("toolkit-list", ANON, "get", 302, api=False),
        Case("toolkit-add", ANON, "get", 302, api=False),
        Case("toolkit-compare", ANON, "get", 302, api=False),
        Case("toolkit-compare-export", ANON, "get", 302, api=False),
    ]
    for name, (_issuer, _status, _targets, readers) in POLICIES.items():
        seen = read(ANON, readers)
        for route, api in (("api:policy-detail", True), ("policy-detail", False)):
            cases.append(Case(route, ANON, "get", seen, target=name, api=api, url=policy_url(route, name)))
        for route, api in (("api:policy-attachment", True), ("policy-attachment", False)):
            cases.append(
                Case(route, ANON, "get", seen, target=name, api=api, url=policy_url(route, name, attachment=True))
            )
        cases.append(
            Case("api:policy-history", ANON, "get", 401, target=name, url=policy_url("api:policy-history", name))
        )
        cases.append(
            Case(
                "api:policy-detail",
                ANON,
                "patch",
                401,
                target=name,
                data={"summary": "x"},
                url=policy_url("api:policy-detail", name),
            )
        )
        cases.append(
            Case("api:policy-publish", ANON, "post", 401, target=name, url=policy_url("api:policy-publish", name))
        )
        cases.append(
            Case("api:policy-expire", ANON, "post", 401, target=name, url=policy_url("api:policy-expire", name))
        )
        for route in (
            "policy-edit",
            "policy-publish",
            "policy-expire",
            "policy-delete",
            "policy-history",
            "instrument-add",
        ):
            cases.append(Case(route, ANON, "get", 302, target=name, api=False, url=policy_url(route, name)))
    for name in INSTRUMENT_POLICIES:
        seen = read(ANON, POLICIES[name][3])
        cases.append(
            Case(
                "api:instrument-detail",
                ANON,
                "get",
                seen,
                target=name,
                url=instrument_url("api:instrument-detail", name),
            )
        )
        cases.append(
            Case(
                "api:instrument-detail",
                ANON,
                "patch",
                401,
                target=name,
                data={"name": "x"},
                url=instrument_url("api:instrument-detail", name),
            )
        )
        cases.append(
            Case(
                "api:instrument-history",
                ANON,
                "get",
                401,
                target=name,
                url=instrument_url("api:instrument-history", name),
            )
        )
        for route in ("instrument-edit", "instrument-delete", "instrument-history"):
            cases.append(
                Case(route, ANON, "get", 302, target=name, api=False, url=instrument_url(route, name, api=False))
            )
    for name in TOOLKITS:
        for route in ("api:toolkit-detail", "api:toolkit-history", "api:toolkit-coverage"):
            cases.append(Case(route, ANON, "get", 401, target=name, url=toolkit_url(route, name)))
        for route in ("toolkit-detail", "toolkit-edit", "toolkit-delete", "toolkit-history"):
            cases.append(Case(route, ANON, "get", 302, target=name, api=False, url=toolkit_url(route, name)))
    return cases


def cases():
    found = anonymous_cases()
    for role in ROLES:
        found += policy_cases(role) + instrument_cases(role) + toolkit_cases(role)
    return found
