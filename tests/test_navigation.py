"""The navigation bar as each role sees it: a few task menus built from the registry (tenancy.registry), in Chinese and
English; every page a role may open is reachable from its menus or from a page they lead to; the favicon.

Breadcrumbs and the public home page are tests/test_navigation_pages.py; the bar's width in a browser is
tests/test_navigation_browser.py."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from .matrix.base import accepted_methods

# The top-level items of each role's bar, by language: at most six, so the bar fits 1366 px in both.
TOP = {
    "ministry": {
        "en": ["Clusters", "Across clusters", "Competitions", "Plans & policies", "Organisations"],
        "zh-hans": ["集群与监测", "跨集群", "竞赛与评审", "规划与政策", "机构与专家"],
    },
    "jiangsu": {
        "en": ["Clusters", "Across clusters", "Competitions", "Plans & policies", "Organisations"],
        "zh-hans": ["集群与监测", "跨集群", "竞赛与评审", "规划与政策", "机构与人员"],
    },
    "nanjing_body": {
        "en": ["Clusters", "Across clusters", "Competitions", "Plans & policies", "My organisation"],
        "zh-hans": ["集群与监测", "跨集群", "竞赛与评审", "规划与政策", "本单位"],
    },
    "nanjing_viewer": {
        "en": ["Clusters", "Across clusters", "Competitions", "Plans & policies", "My organisation"],
        "zh-hans": ["集群与监测", "跨集群", "竞赛与评审", "规划与政策", "本单位"],
    },
    "expert": {"en": ["Review", "Public information"], "zh-hans": ["评审", "公开信息"]},
    None: {
        "en": ["Cluster layout", "Public register", "Policy library", "Public notices"],
        "zh-hans": ["集群布局", "公开名录", "政策库", "公示"],
    },
}

# What each menu holds, by URL name (in the order shown).
MINISTRY_MENUS = {
    "clusters": [
        "cluster-list",
        "cluster-compare",
        "benchmark-list",
        "observation-queue",
        "layout",
        "register-list",
        "monitoring-evaluation-list",
        "monitoring-dashboard",
        "monitoring-method-list",
        "monitoring-rules",
    ],
    "exchange": [
        "enterprise-list",
        "cluster-link-list",
        "cluster-network-page",
        "post-list",
        "matching",
        "matching-matrix",
    ],
    "competitions": ["competition-list", "entry-list", "evaluation-run-list", "notice-list", "objection-list"],
    "plans": ["plan-list", "plan-summary", "policy-list", "toolkit-list"],
    "organisation": [
        "member-list",
        "invitation-list",
        "expert-pool",
        "organisation-list",
        "onboarding-list",
        "outbox-list",
    ],
}
MENUS = {
    "ministry": MINISTRY_MENUS,
    "nanjing_body": {
        "clusters": [
            "cluster-list",
            "cluster-compare",
            "benchmark-list",
            "layout",
            "register-list",
            "monitoring-evaluation-list",
            "monitoring-method-list",
            "monitoring-rules",
        ],
        "exchange": ["cluster-link-list", "post-list", "follow-list", "matching"],
        "competitions": ["competition-list", "entry-list", "notice-list", "my-result-list"],
        "plans": ["plan-list", "policy-list", "toolkit-list"],
        "organisation": ["member-list", "invitation-list", "outbox-list"],
    },
    "expert": {
        "clusters": ["my-assignments", "conflict-list", "cluster-list", "competition-list"],
        "public": ["layout", "register-list", "policy-list", "notice-list"],
    },
}
ACCOUNT = {
    "ministry": ["password-change", "account-tokens", "mail-preferences", "reminder-list", "export-list", "api-docs"],
    "expert": [
        "expert-me",
        "password-change",
        "account-tokens",
        "mail-preferences",
        "reminder-list",
        "export-list",
        "api-docs",
    ],
}


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def _bar(html):
    """(top-level items as (menu key or "", label), {menu key: [hrefs]}, account hrefs, every href in the bar)."""
    menus = html[html.index('id="nav-menus"') : html.index('<div class="navbar-tools">')]
    top = []
    for attrs, label in re.findall(r'<a class="nav-link[^"]*" href="[^"]*"([^>]*)>([^<]*)<', menus):
        key = re.search(r'id="menu-([a-z]+)"', attrs)
        top.append((key.group(1) if key else "", unescape(label.strip())))
    by_menu = {
        key: re.findall(r'class="dropdown-item" href="([^"]*)"', items)
        for key, items in re.findall(r'id="menu-([a-z]+)".*?<ul class="dropdown-menu"[^>]*>(.*?)</ul>', menus, re.S)
    }
    account_block = html[html.index('id="account-menu"') :] if 'id="account-menu"' in html else ""
    account = re.findall(r'class="dropdown-item" href="([^"]*)"', account_block[: account_block.find("</ul>")])
    navbar = html[html.index('id="main-navbar"') : html.index("</nav>", html.index('id="main-navbar"'))]
    return top, by_menu, account, set(re.findall(r'href="(/[^"]*)"', navbar))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("role", list(TOP), ids=lambda role: role or "anonymous")
def test_each_role_sees_its_task_menus_in_both_languages(world, page_client_for, role, language):
    client = page_client_for(world.user(role) if role else None)
    html = _page(client, reverse("register-list"), language).content.decode()
    top, _menus, _account, _hrefs = _bar(html)
    assert [label for _key, label in top] == TOP[role][language]
    assert len(top) <= 6
    assert all(key for key, _label in top) == (role is not None)  # a visitor's bar has links, not menus
    # The language switch names each language in itself.
    assert re.findall(r'<option value="[^"]*"(?: selected)?>([^<]*)</option>', html)[:2] == ["简体中文", "English"]


@pytest.mark.parametrize("role", list(MENUS))
def test_each_menu_holds_the_roles_pages_in_order(world, page_client_for, role):
    html = _page(page_client_for(world.user(role)), reverse("register-list"), "en").content.decode()
    _top, menus, account, _hrefs = _bar(html)
    expected = {key: [reverse(name) for name in names] for key, names in MENUS[role].items()}
    assert menus == expected
    if role in ACCOUNT:
        assert account == [reverse(name) for name in ACCOUNT[role]]


def test_a_local_governments_menus_hold_its_own_pages(world, page_client_for):
    html = _page(page_client_for(world.jiangsu), reverse("register-list"), "en").content.decode()
    _top, menus, _account, _hrefs = _bar(html)
    assert reverse("observation-queue") in menus["clusters"]
    assert reverse("monitoring-dashboard") not in menus["clusters"]  # the ministry's
    assert menus["competitions"] == [
        reverse(n) for n in ("competition-list", "entry-list", "notice-list", "my-result-list")
    ]
    assert reverse("organisation-list") in menus["organisation"]


# Every page is reachable ----------------------------------------------------------------------------------------

# Parameter-less pages that are not in the menus but linked from a page that is (or is itself reachable): the test
# opens that page as the role and finds the link.
LINKED_FROM = {
    "cluster-link-add": "cluster-link-list",
    "member-add": "member-list",
    "expert-add": "expert-pool",
    "organisation-add": "organisation-list",
    "cluster-register": "cluster-list",
    "layout-export": "layout",
    "layout-public": "layout",
    "layout-public-export": "layout-public",
    "policy-add": "policy-list",
    "toolkit-add": "toolkit-list",
    "toolkit-compare": "toolkit-list",
    "plan-add": "plan-list",
    "plan-export": "plan-list",
    "competition-add": "competition-list",
    "entry-add": "entry-list",
    "entry-export": "entry-list",
    "conflict-add": "conflict-list",
    "evaluation-run-compare": "evaluation-run-list",
    "notice-add": "notice-list",
    "monitoring-method-add": "monitoring-method-list",
    "mail-preferences": "notification-list",
    "account-token-create": "account-tokens",
    "post-add": "post-list",
}
# Parameter-less routes that are no page to navigate to, for anyone.
NOT_PAGES = {
    "cluster-network-graph": "the drawing's elements (JSON), read by the network of clusters page",
    "healthz": "the health check, for the load balancer and the operators",
    "schema": "the OpenAPI schema, which the API docs (in the account menu) read",
    "favicon": "the browser's icon",
    "login": "the sign-in form: a signed-in user is sent on to the dashboard",
    "password-reset": "for signed-out users: the sign-in form links it",
    "password-reset-done": "the page after asking for a reset e-mail",
    "password-reset-complete": "the page after setting a new password from the e-mail",
    "toolkit-compare-export": "the export of a comparison, linked from the comparison of the toolkits chosen",
    "search": "the search results, reached by the search box of the navigation bar on every page (a form)",
}
# Pages a role may open that are not its work, with the reason they stay out of its menus.
NOT_THEIR_WORK = {
    ("ministry", "conflict-list"): "an expert's own declarations; the ministry sees them on each expert's page",
    ("ministry", "conflict-add"): "an expert declares their own conflicts",
    ("ministry", "my-result-list"): "a promotion body's or a government's results; the ministry reads the runs",
    (None, "api-docs"): "the API's documentation, in the account menu of those who hold a token",
    **{
        ("expert", name): "open to any signed-in user, empty for an expert, who belongs to no organisation"
        for name in (
            "cluster-compare",
            "toolkit-list",
            "toolkit-compare",
            "entry-list",
            "entry-export",
            "my-result-list",
            "monitoring-evaluation-list",
            "monitoring-method-list",
            "monitoring-rules",
        )
    },
}


def page_routes():
    """Every named route outside the API and the admin that takes no parameter, with its methods."""
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in ("api", "admin"):
                    walk(pattern.url_patterns)
            elif pattern.name:
                try:
                    found.append((pattern.name, reverse(pattern.name), accepted_methods(pattern.callback)))
                except NoReverseMatch:
                    continue

    walk(get_resolver().url_patterns)
    return found


ROLES = ["ministry", "jiangsu", "nanjing_body", "nanjing_viewer", "expert", None]


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_menu_link_answers_and_every_page_is_reachable(world, page_client_for, role):
    client = page_client_for(world.user(role) if role else None)
    _top, _menus, _account, in_bar = _bar(_page(client, reverse("register-list"), "en").content.decode())
    reachable = set(in_bar)
    for href in sorted(in_bar):
        response = client.get(href, follow=True)  # "Plan versus actual" leads on to the viewer's own summary
        assert response.status_code == 200, href
        reachable.update(url for url, _status in response.redirect_chain)
    pending = {}
    for name, url, methods in page_routes():
        if "get" not in methods or name in NOT_PAGES or url in reachable:
            continue
        if client.get(url).status_code != 200:
            continue  # not the role's page (the matrix pins who opens what)
        if (role, name) in NOT_THEIR_WORK:
            continue
        assert name in LINKED_FROM, f"{name} ({url}) opens for {role} but no menu or page leads to it"
        pending[name] = url
    while pending:
        progress = False
        for name, url in list(pending.items()):
            parent = reverse(LINKED_FROM[name])
            if parent in reachable:
                html = client.get(parent).content.decode()
                assert f'href="{url}' in html, f"{parent} does not link {name}"
                reachable.add(url)
                del pending[name]
                progress = True
        assert progress, f"no reachable page leads to {sorted(pending)}"


# Parameterised pages are linked from somewhere --------------------------------------------------------------------

# Parameterised pages no template or view links, each with where users get the address.
UNLINKED = {}


def test_every_parameterised_page_is_linked_from_a_template_or_a_view():
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in (
            "templates",
            "tenancy",
            "clusters",
            "exchange",
            "policies",
            "evaluations",
            "monitoring",
            "static/js",
        )
        for path in Path(settings.BASE_DIR, folder).rglob("*")
        if path.suffix in (".html", ".txt", ".py", ".js") and path.name != "urls.py" and "migrations" not in path.parts
    )
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in ("api", "admin"):
                    walk(pattern.url_patterns)
            elif pattern.name and pattern.pattern.regex.groups:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    unlinked = {n for n in names if f"'{n}'" not in sources and f'"{n}"' not in sources} - set(UNLINKED)
    assert not unlinked


def test_a_rounds_expert_assignments_and_the_monitoring_summary_are_linked(world, page_client_for):
    from .builders.competitions import make_competition

    competition, round_ = make_competition(by=world.ministry)
    html = page_client_for(world.ministry).get(reverse("competition-detail", args=[competition.pk])).content.decode()
    assert f'href="{reverse("round-assignments", args=[round_.pk])}"' in html
    assert reverse("round-assignments", args=[round_.pk]) not in (
        page_client_for(world.jiangsu).get(reverse("competition-detail", args=[competition.pk])).content.decode()
    )
    dashboard = reverse("monitoring-dashboard")
    assert f'href="{dashboard}"' in page_client_for(world.ministry).get(reverse("cluster-list")).content.decode()


# The favicon ------------------------------------------------------------------------------------------------------


def test_the_favicon_answers_and_every_page_names_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    html = client.get(reverse("register-list")).content.decode()
    assert '<link rel="icon" href="/static/favicon.' in html and 'type="image/svg+xml"' in html
