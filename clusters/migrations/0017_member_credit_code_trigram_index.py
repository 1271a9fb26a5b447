"""Member search also matches credit codes (`UPPER(credit_code::text) LIKE UPPER('%…%')`): a pg_trgm GIN index on
that expression, as migration 0009 gives the names, so a search by code does not scan the cluster (issue 17).
PostgreSQL only."""

from django.db import migrations

INDEX, EXPRESSION = "member_credit_code_trgm", "UPPER(credit_code::text)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON clusters_member USING gin (({EXPRESSION}) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0016_milestone_year_optional")]

    operations = [migrations.RunPython(create_index, drop_index)]
