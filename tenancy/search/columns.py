"""The migration step that fills a new search column and, on PostgreSQL, adds its generated tsvector column with a
GIN index (tenancy.search.backends):

operations = [AddField(...), search_column("clusters", [("member", ("name", "name_en", "credit_code"))])]
"""

from django.db import migrations

from .backends import SEARCH_COLUMN, vector_sql
from .tokens import document_tokens

BATCH = 5000


def _fill(connection, model, fields):
    table = model._meta.db_table
    rows = model._default_manager.order_by("pk").values_list("pk", *fields)
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        last = batch[-1][0]
        ids = [row[0] for row in batch]
        tokens = [document_tokens(*row[1:]) for row in batch]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f'UPDATE "{table}" AS t SET "{SEARCH_COLUMN}" = v.tokens '
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, tokens) WHERE t.id = v.id",
                    [ids, tokens],
                )
            else:
                cursor.executemany(
                    f'UPDATE "{table}" SET "{SEARCH_COLUMN}" = %s WHERE id = %s', list(zip(tokens, ids, strict=True))
                )


def search_column(app_label, specs):
    """specs: (model name, indexed fields) per model of the app that got a search column."""

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        for model_name, fields in specs:
            model = apps.get_model(app_label, model_name)
            if connection.vendor == "postgresql":
                for statement in vector_sql(model._meta.db_table)[0]:
                    schema_editor.execute(statement)
            _fill(connection, model, fields)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for model_name, _fields in specs:
                for statement in vector_sql(apps.get_model(app_label, model_name)._meta.db_table)[1]:
                    schema_editor.execute(statement)

    return migrations.RunPython(forward, backward)
