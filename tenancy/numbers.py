"""How figures read on every page and export, one rule per kind of figure (docs/features.md, "Numbers"):

- money: always two decimals with thousands separators; in Chinese in 万元 below 100 million yuan and in 亿元 from
  there (12,345,678 yuan → "1,234.57 万元"; 350,000,000 yuan → "3.50 亿元"), in English in millions and billions
  of yuan from one million ("CNY 12.35 million", "CNY 350.00 million", "CNY 1.20 billion"), in yuan below;
- scores (criterion scores, totals, monitoring scores): two decimals ("85.50");
- shares (a fraction 0–1, e.g. a local supporting rate) and percentages: one decimal and a per cent sign ("12.3%");
- plain numbers (weights, claimed values, bounds as typed): as written, without trailing zeros.

Exports (tenancy/exports) keep figures as numbers, so that a spreadsheet can add them up: money stored in yuan goes
out in 万元 with two decimals (`wan_cell`, under a header that names the unit: "承诺金额（万元）"), scores with two
decimals (`score_cell`); a member's revenue and R&D spend, stored in 万元, go out as they are.

None of them ever writes an exponent ("1E+2"): Decimal.normalize() does, so it is formatted with "f" here and
nowhere else. None and "" read "—"."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language

DASH = "—"
TEN_THOUSAND = Decimal(10_000)
HUNDRED_MILLION = Decimal(100_000_000)
MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)
CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def money(value, unit: str = "yuan") -> str:
    """An amount of money with two decimals in the units its readers think in (Chinese: 万元, 亿元; English:
    million, billion); `unit="wan"` when the value is stored in 万元 already (a member's revenue)."""
    number = _decimal(value)
    if number is None:
        return DASH if value in (None, "") else str(value)
    yuan = number * TEN_THOUSAND if unit == "wan" else number
    if (get_language() or "zh-hans").startswith("zh"):
        if abs(yuan) >= HUNDRED_MILLION:
            return f"{yuan / HUNDRED_MILLION:,.2f} 亿元"
        return f"{yuan / TEN_THOUSAND:,.2f} 万元"
    if abs(yuan) >= BILLION:
        return f"CNY {yuan / BILLION:,.2f} billion"
    if abs(yuan) >= MILLION:
        return f"CNY {yuan / MILLION:,.2f} million"
    return f"CNY {yuan:,.2f}"


def wan_cell(value) -> Decimal | None:
    """An amount stored in yuan as a spreadsheet number of 万元 with two decimals: 350,000,000 → 35000.00."""
    number = _decimal(value)
    return None if number is None else (number / TEN_THOUSAND).quantize(CENT)


def score_cell(value) -> Decimal | None:
    """A score as a spreadsheet number with two decimals: 85.456 → 85.46."""
    number = _decimal(value)
    return None if number is None else number.quantize(CENT)


def score(value) -> str:
    """A score with two decimals: 85.5 → "85.50", 100 → "100.00"."""
    number = _decimal(value)
    return DASH if number is None else f"{number:,.2f}"


def share(value) -> str:
    """A fraction 0–1 as a percentage with one decimal: 0.1234 → "12.3%"."""
    number = _decimal(value)
    return DASH if number is None else f"{number * 100:.1f}%"


def percent(value) -> str:
    """A value already in per cent with one decimal: 42.857 → "42.9%"."""
    number = _decimal(value)
    return DASH if number is None else f"{number:.1f}%"


def plain(value) -> str:
    """A decimal as written, without trailing zeros or an exponent: 80.00 → "80", 85.50 → "85.5", 1E+2 → "100"."""
    number = _decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text
