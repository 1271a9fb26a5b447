"""The shell asks a registry: apps register menu entries, URL modules and dashboard panels, the base template,
config/urls.py and the dashboard loop over them, and tenancy imports no domain app."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tenancy.registry import (
    ACCOUNT_MENU,
    Crumb,
    DashboardPanel,
    Menu,
    MenuEntry,
    MenuGroup,
    MenuLink,
    Navigation,
    Registry,
    registry,
)
from tenancy.visibility import Viewer


def _request(*, signed_in):
    request = RequestFactory().get("/")
    request.user = get_user_model()(username="someone") if signed_in else AnonymousUser()
    return request


def _viewer(kind, **fields):
    return Viewer(kind=kind, user_id=None if kind == Viewer.ANONYMOUS else 1, **fields)


# Menus and entries ----------------------------------------------------------------------------------------------


def _local_only_registry():
    own = Registry()
    own.register_menus(Menu(key="work", label="Work", order=10))
    own.register_menu(
        MenuEntry(app="t", label="Everyone", url_name="register-list", order=20, signed_in=False),
        MenuEntry(app="t", label="Local", url_name="plan-list", menu="work", kinds={Viewer.LOCAL}, element_id="nav-l"),
    )
    return own


def test_an_entry_registered_for_a_kind_shows_for_that_kind_only():
    own = _local_only_registry()
    signed_in = _request(signed_in=True)
    local = own.navigation_for(signed_in, _viewer(Viewer.LOCAL), path="/")
    assert [(group.key, group.label) for group in local.menus] == [("work", "Work"), ("", "Everyone")]
    assert local.menus[0].links == (MenuLink(label="Local", url=reverse("plan-list"), element_id="nav-l", badge=0),)
    assert local.menus[0].element_id == "menu-work"
    for kind in (Viewer.NATIONAL, Viewer.CLUSTER_BODY, Viewer.EXPERT, Viewer.ANONYMOUS):
        assert [link.label for link in own.menu_for(signed_in, _viewer(kind))] == ["Everyone"], kind
    assert [link.label for link in own.menu_for(_request(signed_in=False), Viewer.anonymous())] == ["Everyone"]


def test_an_unknown_kind_sees_nothing_extra():
    signed_in = _request(signed_in=True)
    unknown = registry.navigation_for(signed_in, _viewer("auditor"), path="/")
    without_organisation = registry.navigation_for(signed_in, _viewer(Viewer.ANONYMOUS), path="/")
    assert sorted(link.url for link in unknown.links()) == sorted(link.url for link in without_organisation.links())
    assert [link.url for link in without_organisation.links()] == [
        reverse(name)
        for name in (
            "layout",
            "register-list",
            "policy-list",
            "notice-list",
            "password-change",
            "account-tokens",
            "mail-preferences",
            "reminder-list",
            "export-list",
            "api-docs",
        )
    ]
    assert all(not group.key for group in without_organisation.menus)  # the public pages as links of their own
    assert registry.panels_for(_viewer("auditor")) == []


def test_menus_per_kind_labels_roles_predicates_public_links_and_badges():
    own = Registry()
    own.register_menus(Menu(key="work", label="Work", labels={Viewer.LOCAL: "Our work"}, order=20))
    own.register_menus(Menu(key="first", label="First", order=10))
    own.register_menu(
        MenuEntry(app="t", label="Admins", url_name="member-add", menu="work", roles={"admin"}),
        MenuEntry(app="t", label="Plans", labels={Viewer.LOCAL: "Our plans"}, url_name="plan-list", menu="work"),
        MenuEntry(
            app="t",
            label="Layout",
            url_name="layout",
            public_url_name="layout-public",
            menu="first",
            menus={Viewer.ANONYMOUS: ""},
            signed_in=False,
        ),
        MenuEntry(app="t", label="Inbox", url_name="notification-list", menu="work", badge=lambda r, v: 3, order=5),
        MenuEntry(app="t", label="Never", url_name="dashboard", predicate=lambda request, viewer: False),
        MenuEntry(app="t", label="Password", url_name="password-change", menu=ACCOUNT_MENU),
    )
    signed_in = _request(signed_in=True)
    admin = own.navigation_for(signed_in, _viewer(Viewer.LOCAL, role="admin", organisation_id=1), path="/plans/")
    assert [(group.label, [(link.label, link.url, link.badge) for link in group.links]) for group in admin.menus] == [
        ("First", [("Layout", reverse("layout"), 0)]),  # menus by their order
        (
            "Our work",  # the menu's and the entries' labels for local governments
            [
                ("Admins", reverse("member-add"), 0),  # by order, then as registered
                ("Our plans", "/plans/", 0),
                ("Inbox", reverse("notification-list"), 3),
            ],
        ),
    ]
    assert admin.menus[1].badge == 3
    assert [link.label for link in admin.account] == ["Password"]
    viewer = own.menu_for(signed_in, _viewer(Viewer.NATIONAL, role="viewer", organisation_id=2))
    assert [link.label for link in viewer] == ["Layout", "Plans", "Inbox", "Password"]
    anonymous = own.navigation_for(_request(signed_in=False), Viewer.anonymous(), path="/")
    assert [(group.key, group.links[0].url) for group in anonymous.menus] == [("", reverse("layout-public"))]
    assert anonymous.account == ()


def test_the_breadcrumbs_follow_the_entry_that_stands_for_the_longest_prefix():
    own = Registry()
    own.register_menus(Menu(key="work", label="Work", order=10))
    own.register_menu(
        MenuEntry(app="t", label="Clusters", url_name="cluster-list", menu="work"),
        MenuEntry(app="t", label="Compare", url_name="cluster-compare", menu="work"),
        MenuEntry(app="t", label="Plans", url_name="plan-list", menu="work", paths=("/rounds/",)),
        MenuEntry(app="t", label="Alone", url_name="register-list", signed_in=False),
    )
    request, local = _request(signed_in=True), _viewer(Viewer.LOCAL)
    on_list = own.navigation_for(request, local, path=reverse("cluster-list"))
    assert (on_list.menu_crumb, on_list.entry_crumb, on_list.active) == (Crumb("Work"), None, "work")
    detail = own.navigation_for(request, local, path="/clusters/7/members/")
    assert (detail.menu_crumb, detail.entry_crumb) == (Crumb("Work"), Crumb("Clusters", reverse("cluster-list")))
    compare = own.navigation_for(request, local, path=reverse("cluster-compare") + "export.xlsx")
    assert compare.entry_crumb == Crumb("Compare", reverse("cluster-compare"))
    assert own.navigation_for(request, local, path="/rounds/3/edit/").entry_crumb.label == "Plans"
    alone = own.navigation_for(request, local, path="/register/5/")
    assert (alone.menu_crumb, alone.entry_crumb, alone.active) == (None, Crumb("Alone", "/register/"), "")
    nowhere = own.navigation_for(request, local, path="/accounts/password/")
    assert (nowhere.menu_crumb, nowhere.entry_crumb) == (None, None)


def test_registering_twice_is_harmless_but_a_clash_or_an_unknown_menu_is_refused():
    own = Registry()
    entry = MenuEntry(app="t", label="Plans", url_name="plan-list")
    own.register_menu(entry, entry)
    assert own.menu_entries() == [entry]
    with pytest.raises(ValueError, match="registered twice"):
        own.register_menu(MenuEntry(app="t", label="Other", url_name="plan-list"))
    own.register_menus(Menu(key="m", label="M"), Menu(key="m", label="M"))
    with pytest.raises(ValueError, match="registered twice"):
        own.register_menus(Menu(key="m", label="Other"))
    own.register_menu(MenuEntry(app="t", label="Lost", url_name="dashboard", menu="nowhere"))
    with pytest.raises(ValueError, match="nowhere"):
        own.navigation_for(_request(signed_in=True), _viewer(Viewer.LOCAL), path="/")
    panel = DashboardPanel(app="t", key="p", template="x.html", kinds={Viewer.LOCAL})
    own.register_panels(panel, panel)
    with pytest.raises(ValueError, match="registered twice"):
        own.register_panels(DashboardPanel(app="t", key="p", template="y.html", kinds={Viewer.LOCAL}))
    with pytest.raises(ValueError, match="dashboard area"):
        DashboardPanel(app="t", key="q", template="x.html", kinds=(), area="footer")


def test_the_base_template_renders_the_menus_it_is_given():
    request = _request(signed_in=False)
    inbox = MenuLink(label="Inbox", url="/inbox/", element_id="nav-inbox", badge=2)
    navigation = Navigation(
        menus=(MenuGroup("work", "Work", (inbox,)), MenuGroup("", "P", (MenuLink(label="P", url="/p/"),))),
        account=(),
    )
    html = render_to_string("base.html", {"navigation": navigation}, request=request)
    badge = '<span class="badge text-bg-danger">2</span>'
    assert f'id="menu-work">Work {badge}</a>' in html  # the menu shows its entries' badges
    assert f'<a class="dropdown-item" href="/inbox/" id="nav-inbox">Inbox {badge}</a>' in html
    assert '<a class="nav-link" href="/p/">P</a>' in html
    assert reverse("register-list") not in html


def test_no_template_names_an_app_in_the_bar():
    """base.html loops over the registry: it names no app's page (the account pages, the language switch and the
    global search, which asks the search registry, are the shell's own)."""
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    named = set(re.findall(r"{% url '([^']+)'", base))
    assert named == {"dashboard", "set_language", "notification-list", "logout", "login", "search"}


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
    assert apps_with_urls == ["tenancy", "clusters", "exchange", "policies", "evaluations", "monitoring"]
    assert registry.url_modules(api=False) == [f"{app}.urls" for app in apps_with_urls]
    assert registry.url_modules(api=True) == [f"{app}.api.urls" for app in apps_with_urls]


def test_each_kind_gets_its_own_panels():
    kinds = (Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT, Viewer.ANONYMOUS)
    keys = {kind: [p.key for p in registry.panels_for(_viewer(kind))] for kind in kinds}
    assert keys[Viewer.NATIONAL] == ["national-figures", "expert-pool", "work", "organisations", "national-clusters"]
    assert keys[Viewer.LOCAL] == ["local-figures", "work", "local-clusters"]
    assert keys[Viewer.CLUSTER_BODY] == ["work", "cluster-body-clusters"]
    assert keys[Viewer.EXPERT] == ["work"]
    assert keys[Viewer.ANONYMOUS] == [
        "home-programme",
        "home-national-map",
        "home-open-notices",
        "home-published-policies",
        "home-published-results",
    ]
