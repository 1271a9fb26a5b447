"""The shell's registry: each app registers its menu entries, URL modules, dashboard panels and work queues
(tenancy.work) here from its AppConfig.ready(), and the base template, config/urls.py and the dashboard loop over
what is registered.

So tenancy, the lowest layer, knows no domain app: an app above it adds itself (as NetBox plugins add their
menu items), and an app that is not installed leaves no trace in the shell.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.urls import reverse

from .work import DASHBOARD_ITEMS, QueueWork, WorkQueue

# Menu groups, in the order the navigation bar shows them.
MENU_GROUPS = (
    "public",  # pages for everyone, signed in or not
    "workspace",  # the signed-in viewer's work
    "tools",  # the API and the administration
)

# Dashboard areas, in page order: a row of figures, then the panels below it.
DASHBOARD_AREAS = ("stats", "main")

Predicate = Callable[..., bool]  # (request, viewer) -> bool


def _frozen(values):
    return None if values is None else frozenset(values)


@dataclass(frozen=True)
class MenuEntry:
    """One link of the navigation bar.

    Who sees it: `signed_in` entries only signed-in users; `kinds` (viewer kinds) and `roles` (membership roles)
    narrow it when given; `predicate(request, viewer)` decides the rest. `labels` overrides the label per viewer
    kind; `public_url_name` is the link for visitors who are not signed in; `element_id` is the anchor's id (the
    browser tests click it); `badge(request, viewer)` returns a count shown beside the label when it is not zero.
    """

    app: str
    label: str
    url_name: str
    group: str = "workspace"
    order: int = 0
    kinds: frozenset | None = None
    roles: frozenset | None = None
    signed_in: bool = True
    predicate: Predicate | None = None
    labels: Mapping = field(default_factory=dict)
    public_url_name: str = ""
    element_id: str = ""
    badge: Callable[..., int] | None = None

    def __post_init__(self):
        if self.group not in MENU_GROUPS:
            raise ValueError(f"Unknown menu group {self.group!r} (one of {', '.join(MENU_GROUPS)}).")
        object.__setattr__(self, "kinds", _frozen(self.kinds))
        object.__setattr__(self, "roles", _frozen(self.roles))
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))

    def visible_to(self, request, viewer) -> bool:
        signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
        if self.signed_in and not signed_in:
            return False
        if self.kinds is not None and viewer.kind not in self.kinds:
            return False
        if self.roles is not None and viewer.role not in self.roles:
            return False
        return self.predicate is None or bool(self.predicate(request, viewer))

    def link_for(self, request, viewer) -> "MenuLink":
        signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
        url_name = self.public_url_name if self.public_url_name and not signed_in else self.url_name
        return MenuLink(
            label=self.labels.get(viewer.kind, self.label),
            url=reverse(url_name),
            element_id=self.element_id,
            badge=self.badge(request, viewer) if self.badge else 0,
        )


@dataclass(frozen=True)
class MenuLink:
    """A menu entry as one viewer sees it (what the base template renders)."""

    label: str
    url: str
    element_id: str = ""
    badge: int = 0


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
        self._urls: list[UrlModule] = []
        self._panels: list[DashboardPanel] = []
        self._work: list[WorkQueue] = []

    # Registration (from AppConfig.ready()) ---------------------------------------------------------------------

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
        """Every registered entry in menu order: group, then order, then registration order."""
        position = {group: index for index, group in enumerate(MENU_GROUPS)}
        return sorted(self._menu, key=lambda e: (position[e.group], e.order))

    def menu_for(self, request, viewer) -> list[MenuLink]:
        return [e.link_for(request, viewer) for e in self.menu_entries() if e.visible_to(request, viewer)]

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
