"""The demo of `seed_demo`, seeded once for every test that asks for `demo` (registered in conftest).

Seeding the whole demo (Shenzhen's 50,000 members, two monitoring years, a competition run to its winners) is the
slowest setup of the suite. It is done once per test process, inside an outer transaction that the tests asking for
`demo` then run in (each test's own transaction is a savepoint of it, rolled back after the test), as the shared
cast is (`SharedWorld` in conftest). The tests asking for `demo` are collected first, so that under xdist each
worker seeds the demo at most once, at its start; the outer transaction is rolled back before the first test that
does not ask for it, so no other test ever sees the demo.
"""

import os

import pytest
from django.core.management import call_command
from django.db import connection
from django_scopes import scopes_disabled

from .transactions import OuterTransaction, outer_transaction_fixtures


def seed_demo(*args):
    """Runs `seed_demo` (again: it is idempotent) with its output discarded."""
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", *args, stdout=devnull)


class SharedDemo(OuterTransaction):
    fixture = "demo"

    def build(self):
        with scopes_disabled():
            seed_demo()
        # Check the demo's deferred foreign keys now, once: left pending, PostgreSQL would check all of them
        # again at the end of every test (Django's TestCase sets the constraints immediate there, inside
        # the test's savepoint, whose rollback leaves them pending again).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


shared_demo = SharedDemo()


def asks_for_demo(item):
    return shared_demo.wanted_by(item)


def pytest_collection_modifyitems(config, items):
    """The demo's tests first: each worker seeds the demo once, at its start, for the ones it is sent."""
    demo_items = [item for item in items if asks_for_demo(item)]
    items[:] = demo_items + [item for item in items if not asks_for_demo(item)]


_shared_demo_session, _demo_transaction = outer_transaction_fixtures(shared_demo, "demo")


@pytest.fixture
def demo(db):
    """The seeded demo (the test runs in a savepoint of its transaction)."""
    assert shared_demo.holds(), (
        "the demo's transaction is not the outermost: a test asking for `demo` also asked for a transactional "
        "database or the shared cast"
    )
    return shared_demo
