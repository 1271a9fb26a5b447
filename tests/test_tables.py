"""The shared pieces of the list tables: the sort helper (tenancy.tables) and the numbered pager
(includes/pagination.html)."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tenancy.paging import CappedPaginator
from tenancy.tables import Sort, Sorts
from tenancy.templatetags.tables import page_numbers

SORTS = Sorts(
    {"name": Sort("Name", "name"), "year": Sort("Year", "year", "-name", descending_first=True)}, default="name"
)


def read(query=""):
    return SORTS.read(RequestFactory().get(f"/list/?{query}"))


@pytest.mark.parametrize("value", ["", "nope", "--name", "-", "name;drop", "pk", "-pk"])
def test_an_unknown_sort_falls_back_to_the_default(value):
    sorting = read(f"sort={value}")
    assert sorting.key == "name"
    assert [str(term) for term in sorting.ordering] == [
        "OrderBy(F(name), descending=False)",
        "OrderBy(F(pk), descending=False)",
    ]


def test_a_sort_orders_by_its_fields_with_empty_values_last_and_the_primary_key_as_tie_breaker():
    ordering = read("sort=-year").ordering
    assert [(term.expression.name, term.descending, term.nulls_last) for term in ordering] == [
        ("year", True, True),
        ("name", False, True),  # "-name" runs against the column's direction
        ("pk", False, None),
    ]


def test_header_links_toggle_and_keep_the_other_parameters_but_the_page():
    sorting = read("q=电网&page=3&sort=name")
    assert sorting["name"].direction == "ascending" and sorting["name"].aria_sort == "ascending"
    assert sorting["name"].query == "q=%E7%94%B5%E7%BD%91&sort=-name"
    assert sorting["year"].direction == "" and sorting["year"].aria_sort == "none"
    assert sorting["year"].query.endswith("sort=-year")  # a date column starts from the newest
    reversed_ = read("sort=-name")
    assert reversed_["name"].direction == "descending"
    assert reversed_["name"].query == "sort=name"


def test_a_list_without_a_default_keeps_its_own_order():
    sorts = Sorts({"name": Sort("Name", "name")})
    sorting = sorts.read(RequestFactory().get("/list/?sort=other"))
    assert sorting.key == "" and sorting.ordering == []
    assert sorting["name"].direction == ""


def test_a_default_must_be_a_declared_sort():
    with pytest.raises(ValueError):
        Sorts({"name": Sort("Name", "name")}, default="year")


@pytest.mark.parametrize(
    ("number", "last", "exact", "shown"),
    [
        (1, 1, True, [1]),
        (1, 5, True, [1, 2, 3, 4, 5]),
        (4, 9, True, [1, 2, 3, 4, 5, 6, None, 9]),
        (4, 8, True, [1, 2, 3, 4, 5, 6, 7, 8]),
        (5, 12, True, [1, 2, 3, 4, 5, 6, 7, None, 12]),
        (1, 20, True, [1, 2, 3, None, 20]),
        (6, 20, True, [1, None, 4, 5, 6, 7, 8, None, 20]),
        (4, 20, True, [1, 2, 3, 4, 5, 6, None, 20]),
        (20, 20, True, [1, None, 18, 19, 20]),
        (18, 20, True, [1, None, 16, 17, 18, 19, 20]),
        (1, 2, False, [1, 2, None]),
        (6, 7, False, [1, None, 4, 5, 6, 7, None]),
        (6, 400, False, [1, None, 4, 5, 6, 7, 8, None]),
    ],
)
def test_page_numbers_show_a_window_around_the_current_page(number, last, exact, shown):
    assert page_numbers(number, last, exact=exact) == shown


def pager(paginator, number, query=""):
    request = RequestFactory().get(f"/list/?{query}")
    with translation.override("en"):
        return render_to_string("includes/pagination.html", {"page": paginator.get_page(number), "request": request})


def test_the_pager_numbers_pages_keeps_the_query_and_marks_the_current_page():
    html = pager(Paginator(list(range(500)), 25), 6, "q=a%26b&sort=-name&page=6")
    assert 'aria-label="Pages"' in html
    current = '<li class="page-item active" aria-current="page"><span class="page-link" aria-label="Page 6">6</span>'
    assert current in html
    for number in (1, 4, 5, 7, 8, 20):
        assert f'href="?q=a%26b&amp;sort=-name&amp;page={number}" aria-label="Page {number}"' in html
    assert 'href="?q=a%26b&amp;sort=-name&amp;page=9"' not in html
    assert html.count("…") == 2
    assert 'aria-label="First page"' in html and 'aria-label="Last page"' in html
    assert 'page-previous" href="?q=a%26b&amp;sort=-name&amp;page=5"' in html
    assert 'page-next" href="?q=a%26b&amp;sort=-name&amp;page=7"' in html
    assert 'page-last" href="?q=a%26b&amp;sort=-name&amp;page=20"' in html
    assert "Page 6 of 20" in html


def test_the_first_page_offers_no_way_back():
    html = pager(Paginator(list(range(60)), 25), 1)
    assert 'page-first"' not in html and 'page-previous"' not in html
    assert 'page-next" href="?page=2"' in html and 'page-last" href="?page=3"' in html


@pytest.mark.django_db
def test_a_capped_count_offers_no_last_page_and_says_at_least(settings):
    from tenancy.models import Region

    settings.LIST_COUNT_CAP = 50
    regions = Region.objects.order_by("code")
    assert regions.count() > 60
    html = pager(CappedPaginator(regions, 10, number=2), 2)
    assert "Page 2 of at least" in html
    assert 'page-last"' not in html and "Last page" not in html
    assert 'page-next" href="?page=3"' in html
    script = html.rstrip().rpartition("\n")[2]  # every list page loads the table script (hashed name)
    assert script.startswith('<script src="/static/js/tables.') and script.endswith('.js" defer></script>')
