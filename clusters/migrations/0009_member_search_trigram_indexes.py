"""Member search (`icontains` on name and English name: `UPPER(col::text) LIKE UPPER('%…%')`) backed by pg_trgm
GIN indexes on the same expressions, so its cost does not grow with the cluster (issue 17). PostgreSQL only: on
SQLite the extension and the indexes are skipped, and they stay out of the model state (SQLite rebuilds tables
from it)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "member_name_trgm": "UPPER(name::text)",
    "member_name_en_trgm": "UPPER(name_en::text)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON clusters_member USING gin (({expression}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0008_jobs_heartbeat_and_attempts")]

    operations = [TrigramExtension(), migrations.RunPython(create_indexes, drop_indexes)]
