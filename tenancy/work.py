"""Work queues: what a viewer has to do, each item linking to the page where it is done, with its due date.

Each app registers its queues from its AppConfig.ready() (its `work.py`, beside `navigation.py`) with
`registry.register_work(...)`; the dashboard's "Work to do" panel and `GET /api/v1/me/tasks/` read
`registry.work_for(request, viewer)`, so tenancy knows no domain app. A queue's function returns a `WorkList`: how
many items there are and the first `limit` of them, in a fixed number of queries whatever the number of rows
(`work_list` below counts once and reads one slice).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

# How many items a queue shows on the dashboard, and at most in the API (its count is always the total).
DASHBOARD_ITEMS = 5
API_ITEMS = 50


def may(perm: str) -> Callable:
    """A queue's predicate: the viewer holds `perm` (django-rules)."""
    return lambda request, viewer: request.user.has_perm(perm)


def link(name: str, query: str = "") -> Callable:
    """A queue's "full list" link: the page named `name`, with an optional query string ("?status=…")."""
    return lambda request, viewer: reverse(name) + query


def is_overdue(due, now=None) -> bool:
    """Whether `due` (a datetime or a date; None is never overdue) has passed at `now`."""
    if due is None:
        return False
    now = now or timezone.now()
    if isinstance(due, datetime):
        return due < now
    return due < timezone.localdate(now)


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: its title, the page where it is done, its due date (a datetime, a date or None) and whether
    that date has passed."""

    title: str
    url: str
    due: datetime | date | None = None
    overdue: bool = False

    @property
    def due_text(self) -> str:
        """The due date as people read it: the local date and time of a deadline, or the day of a date."""
        if self.due is None:
            return ""
        if isinstance(self.due, datetime):
            return timezone.localtime(self.due).strftime("%Y-%m-%d %H:%M")
        return self.due.isoformat()

    @property
    def due_iso(self) -> str | None:
        return None if self.due is None else self.due.isoformat()


def item(title, url, due=None, *, now=None) -> WorkItem:
    """A work item whose `overdue` is read from its due date at `now`."""
    return WorkItem(title=str(title), url=url, due=due, overdue=is_overdue(due, now))


@dataclass(frozen=True)
class WorkList:
    """What a queue's function returns: the number of items and the first ones; `url`, when given, is a better page
    for the full list than the queue's own (the one cluster's page when every item is of one cluster)."""

    count: int
    items: list = field(default_factory=list)
    url: str = ""


EMPTY = WorkList(count=0)


def work_list(queryset, *, limit: int, to_item: Callable, url: str = "") -> WorkList:
    """Count `queryset` (one query) and read its first `limit` rows (one more, only when there is any), each turned
    into a WorkItem by `to_item(row)`."""
    count = queryset.count()
    if not count or limit <= 0:
        return WorkList(count=count, url=url)
    return WorkList(count=count, items=[to_item(row) for row in queryset[:limit]], url=url)


def rows_list(rows: list, *, limit: int, to_item: Callable, url: str = "") -> WorkList:
    """A WorkList of rows already read (a queue that combines several queries in Python)."""
    return WorkList(count=len(rows), items=[to_item(row) for row in rows[: max(limit, 0)]], url=url)


Predicate = Callable[..., bool]  # (request, viewer) -> bool


@dataclass(frozen=True)
class WorkQueue:
    """A queue of one kind of work for the given viewer kinds.

    `items(request, viewer, limit)` returns a WorkList; `url(request, viewer)` is the page with the full list;
    `predicate(request, viewer)` says whether the viewer may act on this kind of work at all (a viewer-role member
    acts on nothing); `order` places the queue among the others."""

    app: str
    key: str
    label: str
    kinds: frozenset
    items: Callable[..., WorkList]
    url: Callable[..., str]
    predicate: Predicate | None = None
    order: int = 0

    def __post_init__(self):
        object.__setattr__(self, "kinds", frozenset(self.kinds))

    def applies_to(self, request, viewer) -> bool:
        if viewer.kind not in self.kinds:
            return False
        return self.predicate is None or bool(self.predicate(request, viewer))


@dataclass(frozen=True)
class QueueWork:
    """A queue as one viewer sees it (what the panel and the API show)."""

    key: str
    label: str
    count: int
    url: str
    items: list

    @property
    def more(self) -> int:
        """How many items are not shown."""
        return max(self.count - len(self.items), 0)
