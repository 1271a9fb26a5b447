"""The schema of a throw-away SQLite database built from the models in one step (`migrate --run-syncdb`), for the
concurrency tests' embedded server (tests/builders/embedded.py): the same tables as the migrations give."""

from config.settings import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


MIGRATION_MODULES = _NoMigrations()
