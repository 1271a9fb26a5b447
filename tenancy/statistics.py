"""Planner statistics after bulk writes: PostgreSQL plans from the row counts and value distributions that
ANALYZE records, and autovacuum may run long after (or, on a server without it, never). A bulk import or seed
that adds tens of thousands of rows to a table the planner believes small makes it pick sequential scans and
nested loops (issue 17: a 20k member list fell from 81.5 to 23.5 req/s until a manual ANALYZE)."""

from django.db import connection


def refresh_statistics(*models) -> bool:
    """ANALYZE the models' tables (no models: every table of the database) on PostgreSQL, a no-op elsewhere;
    returns whether it ran. Runs inside the caller's transaction, if any: its own uncommitted rows are counted."""
    if connection.vendor != "postgresql":
        return False
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        cursor.execute(" ".join(["ANALYZE", ", ".join(connection.ops.quote_name(table) for table in tables)]).strip())
    return True
