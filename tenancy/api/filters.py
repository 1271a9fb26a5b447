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
    filterset_base = FilterSet
