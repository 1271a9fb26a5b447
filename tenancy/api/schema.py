from drf_spectacular import openapi
from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator
from rest_framework import serializers

from tenancy.scoping import system_scope
from tenancy.validators import YearRange


class SchemaGenerator(BaseSchemaGenerator):
    """Schema generation inspects querysets (django-filter reads the default
    manager) outside any request, so it runs as the system; it reads model
    metadata only, never rows."""

    def get_schema(self, request=None, public=False):
        with system_scope():
            return super().get_schema(request=request, public=public)


class AutoSchema(openapi.AutoSchema):
    """The schema states what the server accepts: a year field's range from its `YearRange` validator (the current
    year where the range ends today), and no minus sign in the pattern of a decimal that may not be negative
    (drf-spectacular writes decimals as strings whose pattern ignores `min_value`)."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and field.min_value is not None and field.min_value >= 0:
            if schema.get("pattern", "").startswith("^-?"):
                schema["pattern"] = "^" + schema["pattern"][3:]
            elif "minimum" in schema:
                schema["minimum"] = max(schema["minimum"], float(field.min_value))
                schema.pop("exclusiveMinimum", None)
        if isinstance(field, serializers.IntegerField):
            for validator in field.validators:
                if isinstance(validator, YearRange):
                    low, high = validator.bounds()
                    schema["minimum"] = max(schema.get("minimum", low), low)
                    schema["maximum"] = min(schema.get("maximum", high), high)
        return schema


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "Field-level messages of a 400; `non_field_errors` for the whole input.",
                },
                "details": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Some 409s: what the refusal is about, for a client to act on (e.g. "
                    "`reviews_missing` lists the entries and the experts whose reviews are outstanding).",
                },
            },
            "required": ["status", "code", "message"],
        }
    },
    "required": ["error"],
}

ERROR_RESPONSES = {
    "400": "The input is not valid; `fields` holds a message per field. Nothing was changed.",
    "401": "Not signed in: send `Authorization: Token …` or a session cookie.",
    "403": "Signed in, but the role or organisation may not do this.",
    "404": "No such object, or it belongs to a tenant the caller may not see.",
    "429": "Too many failed sign-ins or requests; try again later.",
}

# Writes only: a step the object's current state (or a window) does not allow now.
WRITE_ERROR_RESPONSES = {
    "409": "Refused by the object's state or a window: `code` names the rule (invalid_transition, not_editable, "
    "frozen, window, closed…), `message` says why. Nothing was changed.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the one error shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            errors = {**ERROR_RESPONSES, **WRITE_ERROR_RESPONSES} if method in WRITE_METHODS else ERROR_RESPONSES
            for status, description in errors.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
