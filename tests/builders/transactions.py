"""An outer transaction held open across consecutive tests, for data they all read and none may keep: the shared
cast (tests/conftest.py) and the seeded demo (tests/builders/demo.py). Each test's own transaction becomes a
savepoint of it, as under Django's setUpTestData; the owner closes it (rolls it back) before the first test that
does not ask for its data."""

from django.db import connection, transaction


class OuterTransaction:
    def __init__(self):
        self.atomic = None
        self.blocker = None

    def build(self):
        """Writes the shared data, inside the open transaction."""
        raise NotImplementedError

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

    def holds(self):
        """Whether this transaction is the connection's outermost atomic block."""
        return self.atomic is not None and connection.in_atomic_block and connection.atomic_blocks[0] is self.atomic
