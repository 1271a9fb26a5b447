from django.conf import settings
from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """limit/offset paging; a limit above the hard maximum is cut to it."""

    default_limit = settings.REST_FRAMEWORK["PAGE_SIZE"]
    max_limit = settings.API_MAX_PAGE_SIZE
