from django_filters import rest_framework as filters
from django_scopes import scopes_disabled


class FilterSet(filters.FilterSet):
    """django-filter builds its filters from the default manager's query (model
    metadata, no rows) when the class is made, outside any request scope."""

    @classmethod
    def get_filters(cls):
        with scopes_disabled():
            return super().get_filters()


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend; a request that names none of the filters is left as it is, without building and
    validating a filter form (an absent filter filters nothing)."""

    filterset_base = FilterSet

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any_filter_given(filterset_class, request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


def any_filter_given(filterset_class, params) -> bool:
    """Whether a query parameter is a filter's, or may be one (a range filter `x` reads `x_min`, `x_after`…)."""
    names = filterset_class.base_filters
    return any(param in names or any(param.startswith(f"{name}_") for name in names) for param in params)
