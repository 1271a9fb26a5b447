"""The shell's registry: each app registers its menus, menu entries, URL modules, dashboard panels and work
queues (tenancy.work) here from its AppConfig.ready(), and the base template, config/urls.py and the dashboard loop
over what is registered.

The navigation bar is a few task menus (NetBox groups its menu the same way): an app registers a `Menu` (a key, a
label, an order) and entries naming the menu they belong to, so several apps fill one menu ("Clusters & monitoring"
holds the clusters app's and the monitoring app's pages). An entry with no menu is a link of its own on the bar;
entries of the `ACCOUNT_MENU` go in the signed-in user's menu. The same entries give each page its breadcrumbs.

So tenancy, the lowest layer, knows no domain app: an app above it adds itself (as NetBox plugins add their
menu items), and an app that is not installed leaves no trace in the shell.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .work import DASHBOARD_ITEMS, QueueWork, WorkQueue

# The key of the signed-in user's own menu (account pages), which the base template shows at the bar's end.
ACCOUNT_MENU = "account"

# Dashboard areas, in page order: a row of figures, then the panels below it.
DASHBOARD_AREAS = ("stats", "main")

Predicate = Callable[..., bool]  # (request, viewer) -> bool


def _frozen(values):
    return None if values is None else frozenset(values)


@lru_cache(maxsize=512)
def _reverse_cached(url_name, prefix, urlconf, root_urlconf):
    return reverse(url_name, urlconf=urlconf)


def entry_url(url_name) -> str:
    """`reverse(url_name)` of a menu entry (no arguments), memoised per URL configuration and script prefix: the
    bar reverses some thirty names on every page, always to the same paths."""
    return _reverse_cached(url_name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


def _signed_in(request) -> bool:
    return bool(getattr(getattr(request, "user", None), "is_authenticated", False))


@dataclass(frozen=True)
class Menu:
    """A top-level menu of the navigation bar, a task ("Competitions & review"): the entries naming its key.

    `labels` overrides the label per viewer kind; the bar shows the menus a viewer has entries in, by `order`."""

    key: str
    label: str
    order: int = 0
    labels: Mapping = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))

    def label_for(self, viewer):
        return self.labels.get(viewer.kind, self.label)


@dataclass(frozen=True)
class MenuEntry:
    """One link of the navigation.

    Where it goes: in the menu keyed `menu` ("" for a link of its own on the bar), or for a viewer kind in
    `menus[kind]`; its place there is `order`. Who sees it: `signed_in` entries only signed-in users; `kinds`
    (viewer kinds) and `roles` (membership roles) narrow it when given; `predicate(request, viewer)` decides the
    rest. `labels` overrides the label per viewer kind; `public_url_name` is the link for visitors who are not
    signed in; `element_id` is the anchor's id (the browser tests click it); `badge(request, viewer)` returns a count
    shown beside the label when it is not zero; `paths` are further URL prefixes whose pages belong under the entry
    in the breadcrumbs (a competition's rounds under "Competitions").
    """

    app: str
    label: str
    url_name: str
    menu: str = ""
    order: int = 0
    kinds: frozenset | None = None
    roles: frozenset | None = None
    signed_in: bool = True
    predicate: Predicate | None = None
    labels: Mapping = field(default_factory=dict)
    menus: Mapping = field(default_factory=dict)
    public_url_name: str = ""
    element_id: str = ""
    badge: Callable[..., int] | None = None
    paths: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "kinds", _frozen(self.kinds))
        object.__setattr__(self, "roles", _frozen(self.roles))
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))
        object.__setattr__(self, "menus", MappingProxyType(dict(self.menus)))
        object.__setattr__(self, "paths", tuple(self.paths))

    def visible_to(self, request, viewer) -> bool:
        if self.signed_in and not _signed_in(request):
            return False
        if self.kinds is not None and viewer.kind not in self.kinds:
            return False
        if self.roles is not None and viewer.role not in self.roles:
            return False
        return self.predicate is None or bool(self.predicate(request, viewer))

    def menu_for(self, viewer) -> str:
        return self.menus.get(viewer.kind, self.menu)

    def link_for(self, request, viewer) -> "MenuLink":
        url_name = self.public_url_name if self.public_url_name and not _signed_in(request) else self.url_name
        return MenuLink(
            label=self.labels.get(viewer.kind, self.label),
            url=entry_url(url_name),
            element_id=self.element_id,
            badge=self.badge(request, viewer) if self.badge else 0,
            url_name=url_name,
            paths=self.paths,
        )


@dataclass(frozen=True)
class MenuLink:
    """A menu entry as one viewer sees it (what the base template renders)."""

    label: str
    url: str
    element_id: str = ""
    badge: int = 0
    url_name: str = field(default="", compare=False)
    paths: tuple = field(default=(), compare=False)

    def covers(self, path) -> int:
        """How long a prefix of `path` this link stands for (0: none), to find the entry a page belongs under."""
        if path == self.url:
            return len(path) + 1  # the page itself beats any prefix
        prefixes = [self.url, *self.paths] if self.url != "/" else list(self.paths)
        return max((len(prefix) for prefix in prefixes if path.startswith(prefix)), default=0)


@dataclass(frozen=True)
class MenuGroup:
    """A menu as one viewer sees it: its label and links; `key` is "" for a link of its own on the bar."""

    key: str
    label: str
    links: tuple

    @property
    def badge(self) -> int:
        return sum(link.badge for link in self.links)

    @property
    def element_id(self) -> str:
        return f"menu-{self.key}" if self.key else ""


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""


@dataclass(frozen=True)
class Navigation:
    """What one viewer sees of the navigation: the bar's menus (and lone links) and the account menu's links; and
    where the current page sits: the menu it belongs under (`menu_crumb`, a label) and, when the page is not that
    entry's own, the entry it belongs under (`entry_crumb`, a link). The page's own title ends the trail."""

    menus: tuple
    account: tuple
    menu_crumb: Crumb | None = None
    entry_crumb: Crumb | None = None
    active: str = ""  # the key of the menu the current page belongs under (the bar marks it)

    def links(self):
        """Every link on the bar and in the account menu, in order."""
        return [link for group in self.menus for link in group.links] + list(self.account)


@dataclass(frozen=True)
class UrlModule:
    app: str
    module: str  # dotted path of a module with `urlpatterns`
    api: bool = False  # under /api/v1/ in the "api" namespace


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the dashboard of the given viewer kinds: `template` is included with `data`, the dict that
    `context(request, viewer)` returns; `area` is the row of figures ("stats") or the page below it ("main")."""

    app: str
    key: str
    template: str
    kinds: frozenset
    context: Callable[..., dict] | None = None
    area: str = "main"
    order: int = 0

    def __post_init__(self):
        if self.area not in DASHBOARD_AREAS:
            raise ValueError(f"Unknown dashboard area {self.area!r} (one of {', '.join(DASHBOARD_AREAS)}).")
        object.__setattr__(self, "kinds", frozenset(self.kinds))


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    data: dict


class Registry:
    """What the installed apps registered. One instance, `registry`, lives for the process; tests build their own."""

    def __init__(self):
        self._menu: list[MenuEntry] = []
        self._menus: list[Menu] = []
        self._urls: list[UrlModule] = []
        self._panels: list[DashboardPanel] = []
        self._work: list[WorkQueue] = []

    # Registration (from AppConfig.ready()) ---------------------------------------------------------------------

    def register_menus(self, *menus: Menu):
        """Top-level menus; two apps may register the same menu (the same key, label and order)."""
        for menu in menus:
            self._add(self._menus, menu, key=lambda m: m.key)

    def register_menu(self, *entries: MenuEntry):
        for entry in entries:
            self._add(self._menu, entry, key=lambda e: (e.app, e.url_name))

    def register_urls(self, *, app: str, ui=(), api=()):
        for module, is_api in [(m, False) for m in ui] + [(m, True) for m in api]:
            item = UrlModule(app=app, module=module, api=is_api)
            if item not in self._urls:
                self._urls.append(item)

    def register_panels(self, *panels: DashboardPanel):
        for panel in panels:
            self._add(self._panels, panel, key=lambda p: (p.app, p.key))

    @staticmethod
    def _add(items, item, *, key):
        """Append `item`; registering the same item again (ready() run twice) changes nothing, another item under
        the same key is a mistake."""
        for existing in items:
            if key(existing) == key(item):
                if existing != item:
                    raise ValueError(f"{type(item).__name__} {key(item)} is registered twice.")
                return
        items.append(item)

    # Reading (the shell) ---------------------------------------------------------------------------------------

    def menu_entries(self):
        """Every registered entry in menu order: menu, then order, then registration order."""
        position = {menu.key: (menu.order, index) for index, menu in enumerate(self.menus())}
        return sorted(self._menu, key=lambda e: (position.get(e.menu, (-1, -1)), e.order))

    def menus(self) -> list[Menu]:
        return sorted(self._menus, key=lambda m: m.order)

    def menu_for(self, request, viewer) -> list[MenuLink]:
        """The links this viewer sees, flat, in the bar's order."""
        return self.navigation_for(request, viewer).links()

    def navigation_for(self, request, viewer, path=None) -> Navigation:
        """The bar, the account menu and the breadcrumb trail of `path` (the request's by default) for a viewer."""
        by_menu: dict[str, list] = {}
        lone = []  # (order, link): links of their own on the bar, placed among the menus by their order
        for entry in sorted(self._menu, key=lambda e: e.order):
            if entry.visible_to(request, viewer):
                link = entry.link_for(request, viewer)
                key = entry.menu_for(viewer)
                if key:
                    by_menu.setdefault(key, []).append(link)
                else:
                    lone.append((entry.order, MenuGroup("", link.label, (link,))))
        account = tuple(by_menu.pop(ACCOUNT_MENU, []))
        menus = {menu.key: menu for menu in self._menus}
        unknown = set(by_menu) - set(menus)
        if unknown:
            raise ValueError(f"Menu entries name menus no app registered: {', '.join(sorted(unknown))}.")
        ordered = sorted(
            [
                (menus[key].order, MenuGroup(key, menus[key].label_for(viewer), tuple(links)))
                for key, links in by_menu.items()
            ]
            + lone,
            key=lambda pair: pair[0],
        )
        groups = tuple(group for _order, group in ordered)
        menu_crumb, entry_crumb, active = self._crumbs(groups, path if path is not None else request.path)
        return Navigation(groups, account, menu_crumb=menu_crumb, entry_crumb=entry_crumb, active=active)

    @staticmethod
    def _crumbs(groups, path):
        """(menu crumb, entry crumb, menu key) of the page at `path`: the entry whose link stands for the longest
        prefix of the path, and its menu."""
        best, best_group, best_length = None, None, 0
        for group in groups:
            for link in group.links:
                length = link.covers(path)
                if length > best_length:
                    best, best_group, best_length = link, group, length
        if best is None:
            return None, None, ""
        menu_crumb = Crumb(best_group.label) if best_group.key else None
        entry_crumb = Crumb(best.label, best.url) if best.url != path else None
        return menu_crumb, entry_crumb, best_group.key

    def url_registrations(self) -> list[UrlModule]:
        """Every registered URL module, in registration (INSTALLED_APPS) order."""
        return list(self._urls)

    def url_modules(self, *, api: bool) -> list[str]:
        """Dotted paths of the registered page (api=False) or API (api=True) URL modules, in registration order."""
        return [u.module for u in self._urls if u.api == api]

    def panels_for(self, viewer) -> list[DashboardPanel]:
        position = {area: index for index, area in enumerate(DASHBOARD_AREAS)}
        panels = [p for p in self._panels if viewer.kind in p.kinds]
        return sorted(panels, key=lambda p: (position[p.area], p.order))

    def dashboard_for(self, request, viewer) -> dict[str, list[RenderedPanel]]:
        """The panels of the viewer's kind with their data, by area: {"stats": [...], "main": [...]}."""
        areas = {area: [] for area in DASHBOARD_AREAS}
        for panel in self.panels_for(viewer):
            data = panel.context(request, viewer) if panel.context else {}
            areas[panel.area].append(RenderedPanel(key=panel.key, template=panel.template, data=data))
        return areas

    # Work queues (tenancy.work) ------------------------------------------------------------------------------------

    def register_work(self, *queues: WorkQueue):
        for queue in queues:
            self._add(self._work, queue, key=lambda q: q.key)

    def work_queues_for(self, request, viewer) -> list[WorkQueue]:
        """The queues of the viewer's kind that the viewer may act on, in order."""
        return sorted((q for q in self._work if q.applies_to(request, viewer)), key=lambda q: q.order)

    def work_for(self, request, viewer, *, limit: int = DASHBOARD_ITEMS) -> list[QueueWork]:
        """The viewer's non-empty queues, each with its count, the page of its full list and its first `limit`
        items; a fixed number of queries per queue, whatever the number of rows."""
        found = []
        for queue in self.work_queues_for(request, viewer):
            work = queue.items(request, viewer, limit)
            if work.count:
                found.append(
                    QueueWork(
                        key=queue.key,
                        label=str(queue.label),
                        count=work.count,
                        url=work.url or queue.url(request, viewer),
                        items=list(work.items),
                    )
                )
        return found


registry = Registry()
