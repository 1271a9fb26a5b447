"""Breadcrumbs on every signed-in page, and the public home page that visitors get at `/`."""

import re
from collections import deque
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from clusters.profiles.selectors import public_register
from policies.models import Policy
from tenancy.scoping import system_scope

from .factories.policies import PolicyFactory

# Breadcrumbs ------------------------------------------------------------------------------------------------------

SKIPPED = re.compile(r"/(api|static|admin|i18n)/|\.(xlsx|csv|pdf|json)$|/(export|status|progress|autosave)/?$|logout")


def _trail(html):
    """The breadcrumb items of a page, as text."""
    match = re.search(r'<nav aria-label="[^"]*" id="breadcrumbs">\s*<ol class="breadcrumb[^"]*">(.*?)</ol>', html, re.S)
    if match is None:
        return None
    return [
        unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", match[1], re.S)
    ]


def _links(html):
    main = html[html.find("<main") : html.find("</main>")]
    return {href.split("#")[0] for href in re.findall(r'href="(/[^"#?]*)', main)}


def test_every_page_the_ministry_reaches_shows_its_breadcrumbs(world, page_client_for):
    """Walks the site as the ministry, from its menus through the links of every page (the cast's clusters, and a
    competition with a round), and finds the breadcrumbs on each page: the dashboard first, the page's title last."""
    from .builders.competitions import make_competition

    make_competition(by=world.ministry)
    client = page_client_for(world.ministry)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    start = client.get(reverse("cluster-list")).content.decode()
    navbar = start[start.index('id="main-navbar"') : start.index("</nav>")]
    queue = deque(sorted(url for url in set(re.findall(r'href="(/[^"]*)"', navbar)) - {"/"} if not SKIPPED.search(url)))
    seen, checked = set(queue), []
    while queue and len(checked) < 150:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        if "<html" not in html or url == "/":
            continue  # a fragment (htmx) of a page, or the dashboard (the start of every trail)
        trail = _trail(html)
        assert trail is not None, f"{url} has no breadcrumbs"
        assert trail[0] == "Dashboard" and len(trail) >= 2, (url, trail)
        assert trail[-1], (url, trail)
        checked.append(url)
        for link in sorted(_links(html) - seen):
            if not SKIPPED.search(link):
                seen.add(link)
                queue.append(link)
    # The walk reached the objects' pages, not only the lists.
    assert reverse("cluster-detail", args=[world.nanjing_cluster.pk]) in checked
    assert any(url.startswith("/competitions/") and url != "/competitions/" for url in checked)
    assert len(checked) > 40


def test_a_page_under_a_menu_entry_names_the_menu_and_the_entry(world, page_client_for):
    client = page_client_for(world.ministry)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        name = world.nanjing_cluster.display_name
    detail = client.get(reverse("cluster-detail", args=[world.nanjing_cluster.pk])).content.decode()
    assert _trail(detail) == ["Dashboard", "Clusters", "All clusters", name]
    members = client.get(reverse("cluster-member-list", args=[world.nanjing_cluster.pk])).content.decode()
    assert _trail(members) == ["Dashboard", "Clusters", "Clusters", name, "Members"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert _trail(client.get(reverse("monitoring-dashboard")).content.decode()) == ["工作台", "集群与监测", "监测看板"]


def test_visitors_and_the_dashboard_have_no_breadcrumbs(world, page_client_for, client):
    assert _trail(client.get(reverse("register-list")).content.decode()) is None
    assert _trail(page_client_for(world.ministry).get("/").content.decode()) is None


# The public home page ---------------------------------------------------------------------------------------------

HOME = {
    "en": {
        "programme": "Since 2019 the Ministry of Industry and Information Technology has run competitions",
        "winners": "it selected 25 winning clusters",
        "levels": ["National level", "Local level", "Cluster level"],
        "mechanism": "Resource endowment and trigger events",
        "no_notice": "No notice is open for objections now.",
    },
    "zh-hans": {
        "programme": "2019年以来，工业和信息化部通过先进制造业集群竞赛",
        "winners": "遴选出25个决赛优胜者集群",
        "levels": ["国家层面", "地方层面", "集群层面"],
        "mechanism": None,  # the diagnostic's axis, as translated there
        "no_notice": "目前没有正在接受异议的公示。",
    },
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_visitor_gets_the_public_home_page(world, client, language):
    with system_scope():
        policy = PolicyFactory(status=Policy.Status.PUBLISHED, title="关于加快培育先进制造业集群的指导意见")
        PolicyFactory(status=Policy.Status.DRAFT, title="尚未发布的草稿政策")
        national = public_register().count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    words = HOME[language]
    assert words["programme"] in html and words["winners"] in html
    mechanisms = re.search(r'<ol id="home-mechanisms">(.*?)</ol>', html, re.S)[1]
    assert mechanisms.count("<li>") == 6
    if words["mechanism"]:
        assert words["mechanism"] in mechanisms
    for level in words["levels"]:
        assert f'<h4 class="h6">{level}</h4>' in html
    # The national clusters on the map of the public layout page, with its links.
    assert 'id="layout-tiles"' in html
    assert re.search(r'id="home-national-count">(\d+)<', html)[1] == str(national) and national > 0
    for name in ("register-list", "layout-public", "notice-list", "policy-list", "login"):
        assert f'href="{reverse(name)}' in html, name
    # Open notices (none in the cast), published policies (the draft stays out), results.
    assert words["no_notice"] in html
    assert f'href="{reverse("policy-detail", args=[policy.pk])}"' in html
    assert "尚未发布的草稿政策" not in html
    assert 'id="home-results"' in html
    if language == "zh-hans":
        assert "Since 2019" not in html and "Open public notices" not in html


def test_a_signed_in_user_still_lands_on_the_dashboard(world, page_client_for):
    html = page_client_for(world.jiangsu).get("/").content.decode()
    assert 'id="home-intro"' not in html and 'id="stat-clusters"' in html


def test_a_user_of_no_organisation_gets_neither_the_home_page_nor_its_panels(page_client_for):
    from .factories.tenancy import UserFactory

    response = page_client_for(UserFactory(username="t-nobody")).get("/")
    assert [t.name for t in response.templates][0] == "tenancy/dashboard_none.html"
    assert 'id="home-programme"' not in response.content.decode()
