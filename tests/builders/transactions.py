"""An outer transaction held open across consecutive tests, for data they all read and none may keep: the shared
cast (tests/conftest.py) and the seeded demo (tests/builders/demo.py). Each test's own transaction becomes a
savepoint of it, as under Django's setUpTestData; the owner closes it (rolls it back) before the first test that
does not ask for its data.

`outer_transaction_fixtures(owner, name)` gives an owner its two fixtures (the session's, which closes it before
the test database is dropped, and the test's, which opens it before the test's own transaction);
`close_unwanted(nextitem)` from a `pytest_runtest_teardown` hook closes it when the next test does not want it."""

import pytest
from django.db import connection, transaction


class OuterTransaction:
    fixture = ""  # the fixture a test asks for to run inside this transaction

    def __init__(self):
        self.atomic = None
        self.blocker = None

    def build(self):
        """Writes the shared data, inside the open transaction."""
        raise NotImplementedError

    def wanted_by(self, item) -> bool:
        """Whether the test `item` runs inside this transaction."""
        return item is not None and self.fixture in getattr(item, "fixturenames", ())

    def open(self, blocker):
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.build()
            except Exception:
                self.close()  # the test then reports the error
                raise

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None

    def close_unwanted(self, nextitem):
        if not self.wanted_by(nextitem):
            self.close()

    def holds(self):
        """Whether this transaction is the connection's outermost atomic block."""
        return self.atomic is not None and connection.in_atomic_block and connection.atomic_blocks[0] is self.atomic


def outer_transaction_fixtures(owner: OuterTransaction, name: str):
    """The session fixture `_shared_<name>_session` and the test fixture `_<name>_transaction` of `owner`; assign
    both to module names of a conftest or plugin module so that pytest finds them."""

    @pytest.fixture(scope="session", name=f"_shared_{name}_session")
    def session(django_db_setup):
        yield owner
        owner.close()  # before the test database is dropped

    @pytest.fixture(name=f"_{name}_transaction")
    def per_test(request, django_db_blocker):
        """Opens the outer transaction before the test's own, when the test wants it."""
        request.getfixturevalue(f"_shared_{name}_session")
        if owner.wanted_by(request.node) and owner.atomic is None and not connection.in_atomic_block:
            owner.open(django_db_blocker)

    return session, per_test
