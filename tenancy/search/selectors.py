"""Global search: each registered kind's matches among the rows its scoped queryset lets the viewer read.

A kind is looked up with one query: the rows whose search column holds every term (the GIN index on PostgreSQL),
at most CANDIDATES of them and in no particular order, so the cost does not grow with the number of matches.
They are ranked in Python, the same on every database: the query equal to a ranked field, then the field
beginning with it, then holding it (the first ranked field before the next), then any other match; shorter titles
first, then by title. When a kind has CANDIDATES matches or more, its best are taken from the first CANDIDATES and
the page says the query is broad.
"""

from dataclasses import dataclass

from django.db.models import Q

from .backends import Matches
from .registry import SearchKind, kind, kinds
from .tokens import Query, parse_query, words

CANDIDATES = 200
DEFAULT_LIMIT = 5  # hits per kind when every kind is shown
MAX_LIMIT = 50


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    context: str
    url: str
    object: object


@dataclass(frozen=True)
class Group:
    kind: SearchKind
    hits: list
    found: int  # matches seen (at most CANDIDATES)

    @property
    def broad(self) -> bool:
        """More matches than were ranked: refine the query to see the rest."""
        return self.found >= CANDIDATES

    @property
    def more(self) -> bool:
        return self.found > len(self.hits)


@dataclass(frozen=True)
class Results:
    query: Query
    groups: list

    @property
    def total(self) -> int:
        return sum(group.found for group in self.groups)


def _value(instance, path: str):
    for name in path.split("."):
        instance = getattr(instance, name, None)
    return instance


def _rank(entry: SearchKind, instance, folded: str) -> tuple:
    for position, path in enumerate(entry.rank_fields):
        value = words(_value(instance, path))
        if not value:
            continue
        if value == folded:
            return (0, position)
        if value.startswith(folded):
            return (1, position)
        if folded in value:
            return (2, position)
    return (3, 0)


def search_kind(entry: SearchKind, queryset, query: Query, limit: int, viewer=None) -> Group:
    condition = Q()
    for column in entry.columns:
        condition |= Q(Matches(column, query.terms))
    candidates = list(queryset.filter(condition).order_by()[:CANDIDATES])
    ranked = []
    for instance in candidates:
        title = str(entry.title(instance))
        ranked.append((_rank(entry, instance, query.folded), len(title), title, instance.pk, instance))
    ranked.sort(key=lambda row: row[:4])
    hits = [
        Hit(
            kind=entry.kind,
            title=title,
            context=str(entry.context(instance)) if entry.context else "",
            url=entry.url(instance, viewer),
            object=instance,
        )
        for _rank_key, _length, title, _pk, instance in ranked[:limit]
    ]
    return Group(kind=entry, hits=hits, found=len(candidates))


def search(*, viewer, text: str, only: str = "", limit: int = DEFAULT_LIMIT) -> Results:
    """The viewer's hits for `text`, grouped by kind in the registry's order (kinds without a hit left out);
    `only` keeps one kind. Call inside the viewer's scope: the querysets are the scoped managers."""
    query = parse_query(text)
    if not query.ok:
        return Results(query=query, groups=[])
    limit = max(1, min(limit, MAX_LIMIT))
    groups = []
    for entry in [kind(only)] if only else kinds():
        if entry is None:
            continue
        queryset = entry.queryset(viewer)
        if queryset is None:
            continue
        group = search_kind(entry, queryset, query, limit, viewer)
        if group.hits:
            groups.append(group)
    return Results(query=query, groups=groups)
