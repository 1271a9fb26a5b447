"""Cells every import reads alike: text that a spreadsheet would run as a formula (refused, since the data is
exported again), and lists in one cell."""

import re

from django.utils.translation import gettext as _

LIST_SEPARATORS = re.compile(r"[;；、,，|]")  # between the items of a list in one cell
FORMULA_STARTS = ("=", "+", "-", "@")  # a cell starting so that is not a number would run in a spreadsheet


def looks_like_formula(cell: str) -> bool:
    """`=HYPERLINK(…)`, `+cmd…`, `@SUM(…)`: a spreadsheet would run it. `-12.5` or `+86` are numbers, not formulas."""
    if len(cell) < 2 or cell[0] not in FORMULA_STARTS:
        return False
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return True
    return False


def formula_message(cell):
    return _("The cell starts like a formula (“%(start)s…”) and is refused; enter plain values only.") % {
        "start": cell[:20]
    }
