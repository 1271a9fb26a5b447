"""Schemathesis' coverage and stateful phases over every operation as every role (issue 17, item 7); the fuzzing
phase is tests/test_schemathesis.py. Each request is checked for a server error, an undocumented status or content
type and a body that does not match its schema.

The whole of both phases as seven roles and anonymously would take over an hour on two workers; this selection
bounds the cost (every operation × role is also fuzzed by tests/test_schemathesis.py):
- examples: every request example the schema holds (none today);
- coverage: per operation, the first POSITIVE_CASES valid and NEGATIVE_CASES invalid cases of schemathesis'
  coverage phase (boundaries, missing and wrongly typed values), dealt out over the roles and anonymous, starting
  one role further at each operation, so that each role gets at least one case of every operation (half of them
  have only five: one valid and four invalid, dealt round again), valid for one operation and invalid for another;
- stateful: per role, schemathesis' state machine over the links it infers between operations (a list's ids
  into the detail, history and actions), a bounded number of scenarios of a bounded number of steps."""

import itertools
import warnings

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import NonInteractiveExampleWarning
from schemathesis.generation.modes import GenerationMode

from .builders.api_schema import ANONYMOUS, CHECKS, EVERYONE, headers_for, operations
from .factories import api_key_for

POSITIVE_CASES = NEGATIVE_CASES = len(EVERYONE) // 2
COVERAGE_SHARDS = 4
STATEFUL_SCENARIOS = 12
STATEFUL_STEPS = 10


def coverage_cases(schema, operation):
    """The operation's first valid and first invalid coverage cases, interleaved."""
    config = schema.config.generation_for(operation=operation)

    def first(mode, count):
        return list(
            itertools.islice(
                schema.iter_coverage_cases(operation, generation_modes=[mode], generation_config=config), count
            )
        )

    positive, negative = first(GenerationMode.POSITIVE, POSITIVE_CASES), first(GenerationMode.NEGATIVE, NEGATIVE_CASES)
    return [case for pair in itertools.zip_longest(positive, negative) for case in pair if case is not None]


def example_cases(operation):
    """The examples phase: a case per request example in the schema (drf-spectacular writes none today, only the
    response examples of paginated lists, so this phase has no case until an operation documents one)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        return [strategy.example() for strategy in operation.get_strategies_from_examples()]


@pytest.mark.parametrize("shard", range(COVERAGE_SHARDS))
def test_coverage_phase_as_every_role(api_schema, world, shard):
    failures, reached, mine = [], set(), 0
    for index, operation in enumerate(operations(api_schema)):
        if index % COVERAGE_SHARDS != shard:
            continue
        mine += 1
        headers = headers_for(world)  # fresh: DELETE auth/token/ revokes the token it is sent with
        cases = [*example_cases(operation), *coverage_cases(api_schema, operation)]
        for number in range(max(len(cases), len(EVERYONE)) if cases else 0):
            case, role = cases[number % len(cases)], EVERYONE[(number + index) % len(EVERYONE)]
            try:
                case.call_and_validate(headers=headers[role], checks=CHECKS)
            except Exception as exc:  # noqa: BLE001 - collect every failure, then report them all
                failures.append(f"{operation.label} as {role} ({case.meta.phase.data.description}): {exc}")
            reached.add((operation.label, role))
    print(f"coverage shard {shard}: {mine} operations, {mine * len(EVERYONE)} operation × role pairs reached")
    assert len(reached) == mine * len(EVERYONE) > 0
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("role", EVERYONE)
def test_stateful_phase_as(api_schema, world, role):
    headers, calls = {}, []

    class Workflow(api_schema.as_state_machine()):
        def setup(self):
            # A fresh token for each scenario: one that ran DELETE auth/token/ revoked the token it was sent with.
            headers.clear()
            if role != ANONYMOUS:
                headers["Authorization"] = f"Token {api_key_for(world.user(role))}"

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def after_call(self, response, case):
            calls.append((case.operation.label, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    statuses = {status for _label, status in calls}
    labels = {label for label, _status in calls}
    print(f"stateful as {role}: {len(calls)} calls, {len(labels)} operations, statuses {sorted(statuses)}")
    assert len(calls) >= STATEFUL_SCENARIOS
