"""The API's answer to a write that an object's state or a window does not allow, shared by the apps above."""

from rest_framework import status
from rest_framework.exceptions import APIException


class Refused(APIException):
    """A write the object's state or a window does not allow (409); `code` says which rule."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"
    default_detail = "Refused."
