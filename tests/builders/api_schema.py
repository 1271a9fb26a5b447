"""The API schema as schemathesis loads it over WSGI, the checks every schemathesis test applies to each response,
and the roles it runs as (tests/test_schemathesis.py: the fuzzing phase; tests/test_schemathesis_phases.py: the
examples, coverage and stateful phases)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis import checks

from ..cast import ROLES
from ..factories import api_key_for

ANONYMOUS = "anonymous"
EVERYONE = [*ROLES, ANONYMOUS]
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    # As Django's test client does: keep the test's connection (and transaction) open between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def headers_for(world):
    """Each role's headers with a new token (DELETE auth/token/ revokes the token it is sent with)."""
    headers = {role: {"Authorization": f"Token {api_key_for(world.user(role))}"} for role in ROLES}
    headers[ANONYMOUS] = {}
    return headers
