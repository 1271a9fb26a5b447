"""One JSON error shape for the whole API:

{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(status_code, code, message, fields=None):
    body = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return {"error": body}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = {
                key: [str(m) for m in (value if isinstance(value, list) else [value])] for key, value in detail.items()
            }
        else:
            fields = {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}
        response.data = error_body(response.status_code, "invalid", _("The input is not valid."), fields)
    else:
        detail = getattr(exc, "detail", "")
        code = detail.code if hasattr(detail, "code") else getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, code, detail)
    return response


def json_error_response(status_code, code, message):
    return Response(error_body(status_code, code, message), status=status_code)


NOT_FOUND = status.HTTP_404_NOT_FOUND
