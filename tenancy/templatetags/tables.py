"""Tags of the list tables: sortable headers (`tenancy.tables`) and numbered pagination (includes/pagination.html)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

ARROWS = {"ascending": "▲", "descending": "▼"}
# Page numbers shown on either side of the current page; the first and the last are always shown.
PAGE_WINDOW = 2


@register.simple_tag
def sort_header(sorting, key, css=""):
    """A <th> whose label links to the list sorted by its column (reversed when it already is), with ▲ / ▼ and
    aria-sort saying the sort in force."""
    column = sorting[key]
    arrow = ARROWS.get(column.direction, "")
    return format_html(
        '<th scope="col"{}{}><a href="?{}" class="link-dark sort-link">{}</a>{}</th>',
        format_html(' class="{}"', css) if css else "",
        format_html(' aria-sort="{}"', column.direction) if column.direction else "",
        column.query,
        column.label,
        format_html(' <span class="sort-arrow" aria-hidden="true">{}</span>', arrow) if arrow else "",
    )


@register.simple_tag
def sort_link(sorting, key):
    """The same link outside a table (lists of cards): the label, ▲ / ▼, and aria-current on the sort in force."""
    column = sorting[key]
    arrow = ARROWS.get(column.direction, "")
    return format_html(
        '<a href="?{}" class="sort-link"{}>{}</a>{}',
        column.query,
        mark_safe(' aria-current="true"') if column.direction else "",
        column.label,
        format_html(' <span class="sort-arrow" aria-hidden="true">{}</span>', arrow) if arrow else "",
    )


def page_numbers(number: int, last: int, *, exact: bool = True, window: int = PAGE_WINDOW) -> list:
    """The page numbers a pager shows around `number`, with None for a gap: 1 … 4 5 [6] 7 8 … 20. When the count
    is only a lower bound (`exact` False) the last known page is not offered as the end: a gap follows."""
    start, end = max(1, number - window), min(last, number + window)
    numbers: list = []
    if start > 1:
        numbers.append(1)
        if start > 2:
            numbers.append(None if start > 3 else 2)  # a gap never hides a single page
    numbers.extend(range(start, end + 1))
    if exact and end < last:
        if end < last - 1:
            numbers.append(None if end < last - 2 else last - 1)
        numbers.append(last)
    if not exact:
        numbers.append(None)
    return numbers


@register.simple_tag(takes_context=True)
def page_links(context, page):
    """The pager's links: first, previous, numbers with gaps, next and last (no last when the count is capped),
    each keeping the page's other query parameters."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None

    def url(number):
        if query is None:
            return f"?page={number}"
        query["page"] = number
        return f"?{query.urlencode()}"

    paginator = page.paginator
    exact = getattr(paginator, "count_exact", True) is not False
    number, last = page.number, paginator.num_pages
    links = [
        {"kind": "first", "label": "«", "aria_label": _("First page"), "url": url(1), "disabled": number == 1},
        {
            "kind": "previous",
            "label": "‹",
            "aria_label": _("Previous page"),
            "url": url(number - 1) if page.has_previous() else "",
            "disabled": not page.has_previous(),
        },
    ]
    for shown in page_numbers(number, last, exact=exact):
        if shown is None:
            links.append({"kind": "gap", "label": "…", "disabled": True})
        else:
            links.append(
                {
                    "kind": "number",
                    "label": shown,
                    "aria_label": _("Page %(number)s") % {"number": shown},
                    "url": url(shown),
                    "current": shown == number,
                }
            )
    links.append(
        {
            "kind": "next",
            "label": "›",
            "aria_label": _("Next page"),
            "url": url(number + 1) if page.has_next() else "",
            "disabled": not page.has_next(),
        }
    )
    if exact:
        links.append(
            {"kind": "last", "label": "»", "aria_label": _("Last page"), "url": url(last), "disabled": number == last}
        )
    return links
