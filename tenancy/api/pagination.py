from django.conf import settings
from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """limit/offset paging; a limit above the hard maximum is cut to it. A list whose page rows carry extra
    columns (e.g. JSON the database writes) passes the plain filtered queryset as `count_queryset`: COUNT runs
    on it, never on the decorated one."""

    default_limit = settings.REST_FRAMEWORK["PAGE_SIZE"]
    max_limit = settings.API_MAX_PAGE_SIZE
    count_queryset = None

    def paginate_queryset(self, queryset, request, view=None, count_queryset=None):
        self.count_queryset = count_queryset
        return super().paginate_queryset(queryset, request, view)

    def get_count(self, queryset):
        return super().get_count(queryset if self.count_queryset is None else self.count_queryset)
