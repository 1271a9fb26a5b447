from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from tenancy.filters import BIGINT, read_number
from tenancy.paging import capped_count


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """limit/offset paging; a limit above the hard maximum is cut to it; the count is capped (`LIST_COUNT_CAP`).
    A list whose page rows carry extra columns (e.g. JSON the database writes) passes the plain filtered queryset
    as `count_queryset`: COUNT runs on it, never on the decorated one."""

    default_limit = settings.REST_FRAMEWORK["PAGE_SIZE"]
    max_limit = settings.API_MAX_PAGE_SIZE
    count_queryset = None

    def paginate_queryset(self, queryset, request, view=None, count_queryset=None):
        self.count_queryset = count_queryset
        return super().paginate_queryset(queryset, request, view)

    def get_limit(self, request):
        """A limit that is not a whole number of at least 1 is a field error (it was silently the default)."""
        self._check(request, self.limit_query_param, 1, _("Enter a whole number of at least 1."))
        return super().get_limit(request)

    def get_offset(self, request):
        self._check(request, self.offset_query_param, 0, _("Enter a whole number of at least 0."))
        return super().get_offset(request)

    def _check(self, request, name, low, message):
        raw = request.query_params.get(name)
        if raw not in (None, "") and read_number(raw, low, BIGINT) is None:
            raise ValidationError({name: [message]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1 if parameter["name"] == self.limit_query_param else 0
        return parameters

    def get_count(self, queryset):
        """Counted up to the cap or one row past the page asked for (tenancy.paging): `count_exact` in the
        response says whether `count` is the whole count or a lower bound."""
        counted = queryset if self.count_queryset is None else self.count_queryset
        count, self.count_exact = capped_count(counted, self.get_offset(self.request) + self.limit)
        return count

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        results = response.data.pop("results")
        response.data.update(count_exact=self.count_exact, results=results)
        return response

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "False when the list holds more rows than were counted: `count` is then a lower bound.",
        }
        response["required"] = ["count", "count_exact", "results"]
        return response
