"""Property-based run over the whole OpenAPI schema, as every role and anonymously:
no 5xx, every response documented and matching its schema.

(schemathesis' pytest plugin does not load under pytest 9, so each operation's
hypothesis strategy is driven here directly.)"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from .cast import ROLES
from .factories import api_key_for

ANONYMOUS = "anonymous"
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


def test_schema_lists_every_api_operation(api_schema):
    labels = {operation.label for operation in operations(api_schema)}
    assert "GET /api/v1/clusters/" in labels
    assert "POST /api/v1/memberships/{id}/deactivate/" in labels
    assert len(labels) >= 15


SHARDS = 6  # the operations in six tests, which the two xdist workers share


@pytest.mark.parametrize("shard", range(SHARDS))
def test_api_as_every_role(api_schema, world, shard):
    failures = []
    headers_by_role = {}
    for operation in operations(api_schema)[shard::SHARDS]:
        # Fresh tokens for each operation: DELETE auth/token/ revokes the token it is sent with.
        headers_by_role.update({role: {"Authorization": f"Token {api_key_for(world.user(role))}"} for role in ROLES})
        headers_by_role[ANONYMOUS] = {}

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            for headers in headers_by_role.values():
                case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
