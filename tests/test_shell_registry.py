"""The shell asks a registry: apps register menu entries, URL modules and dashboard panels, the base template,
config/urls.py and the dashboard loop over them, and tenancy imports no domain app."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tenancy.registry import DashboardPanel, MenuEntry, MenuLink, Registry, registry
from tenancy.visibility import Viewer


def _request(*, signed_in):
    request = RequestFactory().get("/")
    request.user = get_user_model()(username="someone") if signed_in else AnonymousUser()
    return request


def _viewer(kind, **fields):
    return Viewer(kind=kind, user_id=None if kind == Viewer.ANONYMOUS else 1, **fields)


# Menu entries ---------------------------------------------------------------------------------------------------


def _local_only_registry():
    own = Registry()
    own.register_menu(
        MenuEntry(app="t", label="Everyone", url_name="register-list", group="public", signed_in=False),
        MenuEntry(app="t", label="Local", url_name="plan-list", kinds={Viewer.LOCAL}, element_id="nav-local"),
    )
    return own


def test_an_entry_registered_for_a_kind_shows_for_that_kind_only():
    own = _local_only_registry()
    signed_in = _request(signed_in=True)
    local = own.menu_for(signed_in, _viewer(Viewer.LOCAL))
    assert [link.label for link in local] == ["Everyone", "Local"]
    assert local[1] == MenuLink(label="Local", url=reverse("plan-list"), element_id="nav-local", badge=0)
    for kind in (Viewer.NATIONAL, Viewer.CLUSTER_BODY, Viewer.EXPERT, Viewer.ANONYMOUS):
        assert [link.label for link in own.menu_for(signed_in, _viewer(kind))] == ["Everyone"], kind
    assert [link.label for link in own.menu_for(_request(signed_in=False), Viewer.anonymous())] == ["Everyone"]


def test_an_unknown_kind_sees_nothing_extra():
    signed_in = _request(signed_in=True)
    unknown = registry.menu_for(signed_in, _viewer("auditor"))
    without_organisation = registry.menu_for(signed_in, _viewer(Viewer.ANONYMOUS))
    assert unknown == without_organisation
    assert [link.url for link in unknown] == [
        reverse(name)
        for name in ("register-list", "layout", "policy-list", "notice-list", "dashboard", "api-docs", "reminder-list")
    ] + [reverse("export-list")]
    assert registry.panels_for(_viewer("auditor")) == []
    assert _local_only_registry().menu_for(signed_in, _viewer("auditor"))[-1].label == "Everyone"


def test_roles_predicates_labels_public_links_and_badges():
    own = Registry()
    own.register_menu(
        MenuEntry(app="t", label="Admins", url_name="member-add", roles={"admin"}),
        MenuEntry(app="t", label="Plans", labels={Viewer.LOCAL: "Our plans"}, url_name="plan-list"),
        MenuEntry(
            app="t", label="Layout", url_name="layout", public_url_name="layout-public", group="public", signed_in=False
        ),
        MenuEntry(app="t", label="Inbox", url_name="notification-list", badge=lambda request, viewer: 3, order=5),
        MenuEntry(app="t", label="Never", url_name="dashboard", predicate=lambda request, viewer: False),
    )
    signed_in = _request(signed_in=True)
    admin = own.menu_for(signed_in, _viewer(Viewer.LOCAL, role="admin", organisation_id=1))
    assert [(link.label, link.url, link.badge) for link in admin] == [
        ("Layout", reverse("layout"), 0),  # the public group comes first
        ("Admins", reverse("member-add"), 0),
        ("Our plans", reverse("plan-list"), 0),  # the label for local governments
        ("Inbox", reverse("notification-list"), 3),
    ]
    viewer = own.menu_for(signed_in, _viewer(Viewer.NATIONAL, role="viewer", organisation_id=2))
    assert [link.label for link in viewer] == ["Layout", "Plans", "Inbox"]
    assert [link.url for link in own.menu_for(_request(signed_in=False), Viewer.anonymous())] == [
        reverse("layout-public")
    ]


def test_registering_twice_is_harmless_but_a_clash_is_refused():
    own = Registry()
    entry = MenuEntry(app="t", label="Plans", url_name="plan-list")
    own.register_menu(entry, entry)
    assert own.menu_entries() == [entry]
    with pytest.raises(ValueError, match="registered twice"):
        own.register_menu(MenuEntry(app="t", label="Other", url_name="plan-list"))
    panel = DashboardPanel(app="t", key="p", template="x.html", kinds={Viewer.LOCAL})
    own.register_panels(panel, panel)
    with pytest.raises(ValueError, match="registered twice"):
        own.register_panels(DashboardPanel(app="t", key="p", template="y.html", kinds={Viewer.LOCAL}))
    with pytest.raises(ValueError, match="menu group"):
        MenuEntry(app="t", label="x", url_name="dashboard", group="sidebar")
    with pytest.raises(ValueError, match="dashboard area"):
        DashboardPanel(app="t", key="q", template="x.html", kinds=(), area="footer")


def test_the_base_template_renders_the_links_it_is_given():
    request = _request(signed_in=False)
    links = [MenuLink(label="Inbox", url="/inbox/", element_id="nav-inbox", badge=2), MenuLink(label="P", url="/p/")]
    html = render_to_string("base.html", {"menu_links": links}, request=request)
    badge = '<span class="badge text-bg-danger">2</span>'
    assert f'<a class="nav-link" href="/inbox/" id="nav-inbox">Inbox {badge}</a>' in html
    assert '<a class="nav-link" href="/p/">P</a>' in html
    assert reverse("register-list") not in html


# The menu of each role, as it was when base.html named every app ------------------------------------------------

PUBLIC = ["register-list", "layout", "policy-list", "notice-list"]
ORGANISATION = ["dashboard", "cluster-list", "competition-list"]
# The governments' and the ministry's queue of observations to verify (issue 13) follows the cluster list.
VERIFIERS = ["dashboard", "cluster-list", "observation-queue", "competition-list"]
# "My exports" (tenancy/exports) follows the reminders in the tools, for everyone signed in.
TAIL = ["monitoring-evaluation-list", "plan-list", "member-list", "api-docs", "reminder-list", "export-list"]
# Invitations and the outbox (issue 12): administrators only; the ministry's and a province's also the organisations.
ADMIN_TAIL = [*TAIL[:3], "invitation-list", *TAIL[3:], "outbox-list"]
# Bulk onboarding (issue 12) sits in the tools beside the API for those who may add organisations or experts.
MANAGER_TAIL = [*TAIL[:3], "invitation-list", "organisation-list", TAIL[3], "onboarding-list", *TAIL[4:], "outbox-list"]
MENUS = {
    "ministry": PUBLIC + VERIFIERS + ["expert-pool", "evaluation-run-list", "objection-list"] + MANAGER_TAIL,
    "jiangsu": PUBLIC + VERIFIERS + ["my-result-list"] + MANAGER_TAIL,
    "nanjing_body": PUBLIC + ORGANISATION + ["my-result-list"] + ADMIN_TAIL,
    "nanjing_viewer": PUBLIC + ORGANISATION + ["my-result-list"] + TAIL,
    "expert": PUBLIC
    + ["dashboard", "cluster-list", "my-assignments", "conflict-list", "expert-me", "api-docs", "reminder-list"]
    + ["export-list"],
}
LABELS = {
    "ministry": ("All clusters", None),
    "jiangsu": ("Clusters in my jurisdiction", "Results of my clusters"),
    "nanjing_body": ("My clusters", "My results"),
    "expert": ("Clusters I review", None),
}
IDS = {
    "ministry": ["nav-notices", "nav-expert-pool", "nav-runs", "nav-objections", "nav-monitoring", "nav-plans"],
    "jiangsu": ["nav-notices", "nav-my-results", "nav-monitoring", "nav-plans"],
    "nanjing_body": ["nav-notices", "nav-my-results", "nav-monitoring", "nav-plans"],
    "nanjing_viewer": ["nav-notices", "nav-my-results", "nav-monitoring", "nav-plans"],
    "expert": ["nav-notices", "nav-my-assignments", "nav-my-profile"],
}


def _nav_links(html):
    nav = html[html.index('<ul class="navbar-nav') : html.index("</ul>")]
    return re.findall(r'<a class="nav-link" href="([^"]*)"(?: id="([^"]*)")?>([^<]*)<', nav)


@pytest.mark.parametrize("role", sorted(MENUS))
def test_each_role_sees_the_same_menu_as_before(world, page_client_for, role):
    with translation.override("en"):
        client = page_client_for(world.user(role))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        links = _nav_links(client.get(reverse("register-list")).content.decode())
        assert [href for href, _id, _label in links] == [reverse(name) for name in MENUS[role]]
        assert [id_ for _href, id_, _label in links if id_] == IDS[role]
        labels = {href: label for href, _id, label in links}
        cluster_label, results_label = LABELS.get(role, (None, None))
        if cluster_label:
            assert labels[reverse("cluster-list")] == cluster_label
        if results_label:
            assert labels[reverse("my-result-list")] == results_label


def test_visitors_see_the_public_menu(client):
    links = _nav_links(client.get(reverse("register-list")).content.decode())
    assert [href for href, _id, _label in links] == [
        reverse(name) for name in ("register-list", "layout-public", "policy-list", "notice-list")
    ]


# URL modules and dashboard panels -------------------------------------------------------------------------------


def test_every_app_registers_its_url_modules_in_installed_apps_order():
    ui, api = registry.url_modules(api=False), registry.url_modules(api=True)
    assert ui[0] == "tenancy.urls" and api[0] == "tenancy.api.urls"
    order = [c.label for c in apps.get_app_configs()]
    registered = [u.app for u in registry.url_registrations()]
    assert registered == sorted(registered, key=order.index)
    assert reverse("api:cluster-list") == "/api/v1/clusters/"
    assert reverse("plan-list") == "/plans/"


def test_every_app_is_wired_the_same_way_through_its_urls_and_api_urls():
    """One scheme: the shell includes `<app>.urls` and `<app>.api.urls`, which include the app's concepts'."""
    apps_with_urls = [u.app for u in registry.url_registrations() if not u.api]
    assert apps_with_urls == ["tenancy", "clusters", "policies", "evaluations", "monitoring"]
    assert registry.url_modules(api=False) == [f"{app}.urls" for app in apps_with_urls]
    assert registry.url_modules(api=True) == [f"{app}.api.urls" for app in apps_with_urls]


def test_each_kind_gets_its_own_panels():
    kinds = (Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT, Viewer.ANONYMOUS)
    keys = {kind: [p.key for p in registry.panels_for(_viewer(kind))] for kind in kinds}
    assert keys[Viewer.NATIONAL] == ["national-figures", "expert-pool", "work", "organisations", "national-clusters"]
    assert keys[Viewer.LOCAL] == ["local-figures", "work", "local-clusters"]
    assert keys[Viewer.CLUSTER_BODY] == ["work", "cluster-body-clusters"]
    assert keys[Viewer.EXPERT] == ["work"]
    assert keys[Viewer.ANONYMOUS] == []
