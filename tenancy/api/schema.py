from django_scopes import scopes_disabled
from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator


class SchemaGenerator(BaseSchemaGenerator):
    """Schema generation inspects querysets (django-filter reads the default
    manager) outside any request, so it runs with scoping disabled; it reads
    model metadata only, never rows."""

    def get_schema(self, request=None, public=False):
        with scopes_disabled():
            return super().get_schema(request=request, public=public)
