"""Property-based run over the whole OpenAPI schema, as every role and anonymously:
no 5xx, every response documented and matching its schema.

(schemathesis' pytest plugin does not load under pytest 9, so each operation's
hypothesis strategy is driven here directly.)"""

import pytest
from hypothesis import HealthCheck, given, settings

from .builders.api_schema import CHECKS, headers_for, operations


def test_schema_lists_every_api_operation(api_schema):
    labels = {operation.label for operation in operations(api_schema)}
    assert "GET /api/v1/clusters/" in labels
    assert "POST /api/v1/memberships/{id}/deactivate/" in labels
    assert len(labels) >= 15


SHARDS = 6  # the operations in six tests, which the two xdist workers share


@pytest.mark.parametrize("shard", range(SHARDS))
def test_api_as_every_role(api_schema, world, shard):
    failures, headers_by_role = [], {}
    for operation in operations(api_schema)[shard::SHARDS]:
        headers_by_role.update(headers_for(world))  # fresh tokens for each operation

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
