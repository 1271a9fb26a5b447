"""One bounded reading of filter values, for the API's filter sets (tenancy.api.filters) and the pages' own
filters alike: an id is a whole number of ASCII digits within PostgreSQL's bigint, a year lies within YEARS.
Anything else reads as "no value" (a page shows its unfiltered list) or as a field error (the API's 400), never
reaches the database as an overflow or a malformed number."""

from django import forms
from django.utils.translation import gettext_lazy as _

BIGINT = 2**63 - 1
YEARS = (1, 9999)
ASCII_DIGITS = frozenset("0123456789")


def whole_number_in_range(value, low=-BIGINT, high=BIGINT):
    """The whole number `value` spells (ASCII digits, an optional sign) when within [low, high], else None."""
    text = str(value).strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or not set(digits) <= ASCII_DIGITS or len(digits) > 19:
        return None
    number = int(text)
    return number if low <= number <= high else None


def read_id(value):
    """A primary key from a query value: a positive whole number within bigint, else None."""
    return whole_number_in_range(value if value is not None else "", 1, BIGINT)


def read_year(value):
    return whole_number_in_range(value if value is not None else "", *YEARS)


def read_number(value, low=0, high=BIGINT):
    return whole_number_in_range(value if value is not None else "", low, high)


def parse_ids(values) -> list[int]:
    """`?cluster=1&cluster=2` or `?cluster=1,2` (or `1，2`) → [1, 2] in order, duplicates dropped; ValueError on
    anything that is not an id."""
    ids = []
    for value in values:
        for part in str(value).replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            number = read_id(part)
            if number is None:
                raise ValueError(part)
            if number not in ids:
                ids.append(number)
    return ids


class WholeNumberField(forms.IntegerField):
    """A form field for a bounded whole number (give min_value and max_value): refuses what IntegerField would
    pass to the database unbounded."""

    default_error_messages = {"invalid": _("Enter a whole number.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if whole_number_in_range(value) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
