from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator

from tenancy.scoping import system_scope


class SchemaGenerator(BaseSchemaGenerator):
    """Schema generation inspects querysets (django-filter reads the default
    manager) outside any request, so it runs as the system; it reads model
    metadata only, never rows."""

    def get_schema(self, request=None, public=False):
        with system_scope():
            return super().get_schema(request=request, public=public)


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
