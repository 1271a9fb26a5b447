"""Checking a sortable list page (tenancy.tables): every declared sort orders the hand-built rows as expected, in both
directions, the header links toggle, and an unknown sort falls back to the default."""

import html


def listed(response) -> list[int]:
    return [row.pk for row in response.context["page"].object_list]


def assert_sorts(client, url, sorts, expected: dict, *, params=None, default_order=None, marker='aria-sort="{}"'):
    """`expected` gives, for every key of `sorts`, the test's rows in ascending order (values chosen distinct, so
    descending is the exact reverse), or a pair (ascending, descending) where rows tie and fall back to the primary
    key both ways. Rows of the shared cast on the same page are ignored. `marker` is what the page shows on the
    sort in force (aria-sort on a header; aria-current on the sort links above a list of cards)."""
    params = params or {}
    assert set(expected) == set(sorts.sorts), "every declared sort is tested"
    first = next(iter(expected.values()))
    mine = {row.pk for row in (first[0] if isinstance(first, tuple) else first)}
    for key, rows in expected.items():
        ascending, descending = rows if isinstance(rows, tuple) else (rows, rows[::-1])
        for value, order, direction, toggled in (
            (key, [row.pk for row in ascending], "ascending", f"-{key}"),
            (f"-{key}", [row.pk for row in descending], "descending", key),
        ):
            response = client.get(url, {**params, "sort": value})
            assert response.status_code == 200
            shown = [pk for pk in listed(response) if pk in mine]
            assert shown == order, (value, shown, order)
            column = response.context["sorting"][key]
            assert column.direction == direction
            assert f"sort={toggled}" in column.query.split("&")
            page = response.content.decode()
            assert marker.format(direction) in page
            if '<form method="get"' in page:  # filtering keeps the sort
                assert f'<input type="hidden" name="sort" value="{value}">' in page
            assert f'href="?{html.escape(column.query)}"' in page
    fallback = client.get(url, {**params, "sort": "no-such-column"})
    assert fallback.status_code == 200
    assert fallback.context["sorting"].key == sorts.default
    if default_order is not None:
        assert [pk for pk in listed(fallback) if pk in mine] == [row.pk for row in default_order]
