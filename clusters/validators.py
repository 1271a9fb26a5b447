"""Checks of identifiers that come from outside (forms, API, imports)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength


def clean_credit_code(value: str) -> str:
    """The unified social credit code (GB 32100) in its compact form, or "" when none is given.

    Raises a ValidationError that says what is wrong: the length, the characters or the check digit.
    """
    code = uscc.compact(value or "")
    if not code:
        return ""
    try:
        return uscc.validate(code)
    except InvalidLength:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)d."),
            code="credit_code_length",
            params={"length": len(code)},
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The check digit of this unified social credit code is wrong (GB 32100); check for a typing error."),
            code="credit_code_checksum",
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _(
                "A unified social credit code starts with 8 digits, followed by digits and capital letters "
                "other than I, O, S, V and Z."
            ),
            code="credit_code_format",
        ) from None
