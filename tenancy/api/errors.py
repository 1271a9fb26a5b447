"""One JSON error shape for the whole API:

{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}

Views and serializers call services and let their errors rise: Django's ValidationError becomes a 400 with
`fields`, a Refusal (tenancy.errors) a 409 with its code, PermissionDenied a 403 and Http404 a 404.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from tenancy.errors import Refusal

# A refusal answers 409 unless its code names another status.
REFUSAL_STATUS = {"rate_limited": status.HTTP_429_TOO_MANY_REQUESTS}


# Messages DRF raises without marking them for translation, by their text: given in the user's language.
UNTRANSLATED = {"No data provided": gettext_lazy("No data was sent.")}


def translated(message) -> str:
    return str(UNTRANSLATED.get(str(message), message))


def flatten_errors(path: str, value, into: dict):
    """Field errors as `{name: [messages]}`, nested ones (a list's rows, a nested object) under dotted names such
    as `disbursements.0.amount`: never a Python repr of DRF's ErrorDetail."""
    if isinstance(value, dict):
        for key, inner in value.items():
            flatten_errors(f"{path}.{key}", inner, into)
    elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        for index, inner in enumerate(value):
            if inner:
                flatten_errors(f"{path}.{index}", inner, into)
    else:
        into.setdefault(path, []).extend(translated(m) for m in (value if isinstance(value, list) else [value]))


def error_body(status_code, code, message, fields=None, details=None):
    body = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    if details is not None:
        body["details"] = details
    return {"error": body}


class RefusedByState(exceptions.APIException):
    """A Refusal on its way out: 409 (or the status its code names), the refusal's code and message."""

    status_code = status.HTTP_409_CONFLICT
    default_code = Refusal.default_code

    def __init__(self, refusal: Refusal):
        super().__init__(detail=refusal.message, code=refusal.code)
        self.status_code = REFUSAL_STATUS.get(refusal.code, status.HTTP_409_CONFLICT)
        self.refusal_details = refusal.details


def django_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's field errors as DRF's: per field when it names fields, else on the input as a whole."""
    return exceptions.ValidationError(as_serializer_error(exc))


def exception_handler(exc, context):
    if isinstance(exc, Refusal):
        exc = RefusedByState(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = django_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = {}
            for key, value in detail.items():
                flatten_errors(str(key), value, fields)
        else:
            fields = {"non_field_errors": [translated(m) for m in (detail if isinstance(detail, list) else [detail])]}
        response.data = error_body(response.status_code, "invalid", _("The input is not valid."), fields)
    else:
        detail = getattr(exc, "detail", "")
        code = detail.code if hasattr(detail, "code") else getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, code, detail, details=getattr(exc, "refusal_details", None))
    return response


def json_error_response(status_code, code, message):
    return Response(error_body(status_code, code, message), status=status_code)


NOT_FOUND = status.HTTP_404_NOT_FOUND
