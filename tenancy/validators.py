"""One validator per kind of value that comes from outside (forms, API, imports): years within a documented range
per field, and names without control or invisible characters. Model fields name them, so forms, serializers and
the schema check the same rule; imports call them on each cell."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Ranges per field (documented in docs/api.md): the year a member joined a cluster lies between the founding of
# the People's Republic and the current year.
JOINED_YEARS = (1949, None)  # None: the current year
# A member's figures are for a year of the programme (its horizon starts in 2000, as ROUND_YEARS) up to the current
# year: figures of a year that has not begun cannot have been measured.
FIGURE_YEARS = (2000, None)

# A cluster's milestones (its formation history): events from 1900 (a cluster's history can reach back past 1949)
# to next year (a milestone already decided, such as a relocation).
MILESTONE_YEARS = (1900, None, 1)

# Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks that can reorder how a name reads.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


@deconstructible
class YearRange:
    """A year within [low, high]; high None means the current year plus `ahead` (checked when the value is
    validated). The OpenAPI schema states the same bounds (tenancy.api.schema.AutoSchema)."""

    def __init__(self, low, high=None, ahead=0):
        self.low, self.high, self.ahead = low, high, ahead

    def bounds(self) -> tuple[int, int]:
        return self.low, self.high if self.high is not None else timezone.localdate().year + self.ahead

    def __call__(self, value):
        if value is None:
            return
        low, high = self.bounds()
        if not low <= value <= high:
            raise ValidationError(
                _("Enter a year between %(low)s and %(high)s."),
                code="year_range",
                params={"low": self.low, "high": high},
            )

    def __eq__(self, other):
        return isinstance(other, YearRange) and (self.low, self.high, self.ahead) == (
            other.low,
            other.high,
            other.ahead,
        )


def name_problem(value: str):
    """Why `value` cannot be a name (a message), or None."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        return _("A name cannot contain control characters (such as line breaks, tabs or escape sequences).")
    if any(char in BIDI_CONTROLS for char in value):
        return _("A name cannot contain characters that reverse the direction of the text.")
    if value and all(unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Mn") for char in value):
        return _("A name needs visible characters; this one holds only spaces or invisible characters.")
    return None


def validate_name(value):
    problem = name_problem(value or "")
    if problem:
        raise ValidationError(problem, code="invisible_characters")


# A competition round's dates: the programme's horizon (a round dated 1800 was served with the local mean time
# offset of that year, "+08:05:43", not a valid RFC 3339 date-time).
ROUND_YEARS = (2000, 2100)


@deconstructible
class DateYearRange:
    """A date or date-time whose year lies within [low, high]."""

    def __init__(self, low, high):
        self.low, self.high = low, high

    def __call__(self, value):
        if value is not None and not self.low <= value.year <= self.high:
            raise ValidationError(
                _("Enter a date between the years %(low)s and %(high)s."),
                code="date_range",
                params={"low": self.low, "high": self.high},
            )

    def __eq__(self, other):
        return isinstance(other, DateYearRange) and (self.low, self.high) == (other.low, other.high)
