"""Counting a list without counting the whole table: lists are counted up to a cap (`LIST_COUNT_CAP`, 10,000 rows
by default) or up to the page asked for, whichever is further. Below the cap the count is exact; above it the
count says "at least this many", so the cost of a page does not grow with the size of a cluster (issue 17).
The pages (`CappedPaginator`) and the API (`tenancy.api.pagination`) share it."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from tenancy.filters import BIGINT, read_number


def capped_count(queryset, reach: int = 0) -> tuple[int, bool]:
    """(count, exact): the rows of `queryset`, counted up to max(cap, reach) + 1 with `COUNT(*)` over a LIMITed
    subquery. Exact when it stops short of that bound; otherwise the count is a lower bound."""
    bound = min(max(settings.LIST_COUNT_CAP, reach), BIGINT - 1)  # a LIMIT is a bigint
    limited = queryset.order_by()[: bound + 1] if hasattr(queryset, "query") else queryset
    counted = min(len(limited) if isinstance(limited, list) else limited.count(), bound + 1)
    return counted, counted <= bound


class CappedPaginator(Paginator):
    """A Paginator whose count is capped (see `capped_count`); `count_exact` says whether it is the whole count.
    `number` is the page asked for, so the count always reaches one row past it and a next page is offered."""

    def __init__(self, object_list, per_page, number=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # A page number past what a LIMIT can hold reads as the first page's reach (get_page then shows the last).
        page = read_number(number, 1, BIGINT // per_page - 1)
        self._reach = (page or 1) * per_page

    @cached_property
    def _counted(self):
        return capped_count(self.object_list, self._reach)

    @cached_property
    def count(self):
        return self._counted[0]

    @property
    def count_exact(self):
        return self._counted[1]

    @property
    def count_shown(self):
        """The figure a page shows: the count, or (past the cap) the number the list holds more than."""
        return self.count if self.count_exact else self.count - 1
