"""How figures read (tenancy.numbers, the `figures` template filters): money in 万元 and 亿元 (English: million,
billion) with two decimals, scores with two, shares and percentages with one, plain numbers as written, and never
an exponent."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tenancy import numbers


@pytest.mark.parametrize(
    ("value", "chinese", "english"),
    [
        (12345678, "1,234.57 万元", "CNY 12.35 million"),
        (Decimal("350000000.00"), "3.50 亿元", "CNY 350.00 million"),
        (Decimal("1200000000"), "12.00 亿元", "CNY 1.20 billion"),
        (5000, "0.50 万元", "CNY 5,000.00"),
        (0, "0.00 万元", "CNY 0.00"),
        (Decimal("1E+8"), "1.00 亿元", "CNY 100.00 million"),
        (None, "—", "—"),
    ],
)
def test_money_in_wan_and_yi_yuan(value, chinese, english):
    with translation.override("zh-hans"):
        assert numbers.money(value) == chinese
    with translation.override("en"):
        assert numbers.money(value) == english


def test_money_stored_in_wan_yuan():
    with translation.override("zh-hans"):
        assert numbers.money(Decimal("1234.5"), "wan") == "1,234.50 万元"
        assert numbers.money(Decimal("250000"), "wan") == "25.00 亿元"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("100.00"), "100.00"), (Decimal("1E+2"), "100.00"), (85.5, "85.50"), (Decimal("46.2335"), "46.23")],
)
def test_scores_have_two_decimals(value, expected):
    assert numbers.score(value) == expected


def test_shares_and_percentages_have_one_decimal():
    assert numbers.share(Decimal("0.1234")) == "12.3%"
    assert numbers.share(1) == "100.0%"
    assert numbers.percent(Decimal("42.857")) == "42.9%"
    assert numbers.share(None) == numbers.percent(None) == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("100.00"), "100"), (Decimal("1E+2"), "100"), (Decimal("85.50"), "85.5"), (Decimal("-0.0"), "0")],
)
def test_plain_numbers_never_show_an_exponent(value, expected):
    assert numbers.plain(value) == expected


def test_the_template_filters_never_write_an_exponent():
    template = Template(
        "{% load figures ui %}{{ v|score }} {{ v|plain }} {{ v|plain_number }} 0 – {{ v|plain }} {{ m|money }}"
    )
    with translation.override("zh-hans"):
        text = template.render(Context({"v": Decimal("1E+2"), "m": Decimal("1E+8")}))
    assert text == "100.00 100 100 0 – 100 1.00 亿元"
    assert "E+" not in text
