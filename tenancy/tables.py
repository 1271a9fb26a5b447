"""Sortable list pages: each list declares its sorts once (`Sorts({key: Sort(label, fields...)})`), and
`Sorts.read(request)` reads `?sort=key` or `?sort=-key`, whitelists it (anything else falls back to the default
without a word), and returns the ordering, with the primary key last so a page never shifts between requests, and
the header links (`{% sort_header sorting "key" %}` in `tenancy.templatetags.tables`) that sort by a column and
reverse it on a second click, keeping the other query parameters. Empty values sort last in both directions."""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, OrderBy, Value, When
from django.db.models.expressions import BaseExpression

ASCENDING, DESCENDING = "ascending", "descending"


def in_order_of(field: str, values) -> Case:
    """A choice field ordered as its choices are declared (tiers from cultivating to world-class), not by code."""
    whens = (When(**{field: value}, then=Value(index)) for index, value in enumerate(values))
    return Case(*whens, output_field=IntegerField())


class Sort:
    """One sortable column: its header label and what it orders by. A field name with a leading "-" runs against
    the column's direction; an expression (a `Case` giving tiers their order) is ordered as it is.
    `descending_first` makes the first click sort from the largest (dates, amounts)."""

    def __init__(self, label, *fields, descending_first: bool = False):
        if not fields:
            raise ValueError("A sort needs at least one field.")
        self.label = label
        self.fields = fields
        self.descending_first = descending_first

    def ordering(self, descending: bool) -> list[OrderBy]:
        ordering = []
        for item in self.fields:
            reverse = False
            if isinstance(item, str):
                reverse = item.startswith("-")
                item = F(item.lstrip("-"))
            elif not isinstance(item, BaseExpression):
                raise TypeError(f"Cannot order by {item!r}.")
            down = descending != reverse
            ordering.append(item.desc(nulls_last=True) if down else item.asc(nulls_last=True))
        return ordering


@dataclass(frozen=True)
class Column:
    """What a sortable header shows: the label, the query string of its link, and the sort in force on it
    (`direction` is "ascending", "descending" or "")."""

    key: str
    label: str
    query: str
    direction: str

    @property
    def aria_sort(self) -> str:
        return self.direction or "none"


@dataclass(frozen=True)
class Sorting:
    """A list's sort for one request: `key` is what ?sort= held once whitelisted ("" when the list keeps its own
    order), `ordering` the arguments of `order_by` (empty then)."""

    key: str
    ordering: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)

    def apply(self, queryset):
        return queryset.order_by(*self.ordering) if self.ordering else queryset

    def __getitem__(self, key) -> Column:
        return self.columns[key]


class Sorts:
    """The sorts of one list. `default` (a key, with "-" for descending) is used when ?sort= is missing or unknown;
    without one the queryset keeps the order its selector gave it (a search's relevance, for instance)."""

    def __init__(self, sorts: dict[str, Sort], *, default: str = "", tie_breaker: str = "pk", parameter: str = "sort"):
        if default and default.lstrip("-") not in sorts:
            raise ValueError(f"The default sort {default!r} is not one of {sorted(sorts)}.")
        self.sorts = sorts
        self.default = default
        self.tie_breaker = tie_breaker
        self.parameter = parameter

    def chosen(self, value) -> str:
        """The whitelisted sort key: `value` when it names a declared sort, otherwise the default."""
        value = value if isinstance(value, str) else ""
        return value if value.lstrip("-") in self.sorts and value.count("-") <= 1 else self.default

    def ordering(self, key: str) -> list:
        if not key:
            return []
        sort = self.sorts[key.lstrip("-")]
        return [*sort.ordering(key.startswith("-")), F(self.tie_breaker).asc()]

    def read(self, request) -> Sorting:
        key = self.chosen(request.GET.get(self.parameter))
        return Sorting(key=key, ordering=self.ordering(key), columns=self.columns(request, key))

    def columns(self, request, key: str) -> dict[str, Column]:
        columns = {}
        for name, sort in self.sorts.items():
            if key == name:
                direction, target = ASCENDING, f"-{name}"
            elif key == f"-{name}":
                direction, target = DESCENDING, name
            else:
                direction, target = "", f"-{name}" if sort.descending_first else name
            query = request.GET.copy()
            query.pop("page", None)  # a new order starts on its first page
            query[self.parameter] = target
            columns[name] = Column(key=name, label=sort.label, query=query.urlencode(), direction=direction)
        return columns
