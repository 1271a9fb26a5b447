"""Matching a parsed query against a search column, per database vendor; both give the same rows.

PostgreSQL: each searched table also has `search_vector`, a stored generated column `search_tokens::tsvector`
with a GIN index (added by the migration step in `columns.py`; the models do not name it, so SQLite has none). A
query reads it as `search_vector @@ '南瑞' & 'siem':*`: a stored tsvector is checked in about a microsecond a row,
where casting the text on every row that a scan filters costs tens (measured with bench/search.py at 1,000,000
members). SQLite (the embedded `make run`) looks each term up with instr() in the text column, whose tokens have a
space on either side; tables there are small.
"""

from django.db import models

from .tokens import Term

SEARCH_COLUMN = "search_tokens"
VECTOR_COLUMN = "search_vector"  # PostgreSQL only, generated from SEARCH_COLUMN


def tsquery(terms) -> str:
    return " & ".join(f"'{term.token}'" + (":*" if term.prefix else "") for term in terms)


class Matches(models.Func):
    """True where the search column `column` (a field path: "search_tokens", "cluster__search_tokens") holds every
    term."""

    output_field = models.BooleanField()

    def __init__(self, column: str, terms: tuple[Term, ...]):
        self.terms = tuple(terms)
        super().__init__(models.F(column))

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        # The generated tsvector beside the text column, on the same table alias ("T3"."search_tokens" → …vector).
        quoted = connection.ops.quote_name(SEARCH_COLUMN)
        assert sql.endswith(quoted), sql
        vector = sql[: -len(quoted)] + connection.ops.quote_name(VECTOR_COLUMN)
        return f"{vector} @@ %s::tsquery", (*params, tsquery(self.terms))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        parts, values = [], []
        for term in self.terms:
            parts.append(f"instr({sql}, %s) > 0")
            values += [*params, f" {term.token}" if term.prefix else f" {term.token} "]
        return "(" + " AND ".join(parts) + ")", tuple(values)


def vector_sql(table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements of a table's generated tsvector column and its GIN index (PostgreSQL)."""
    index = f"{table}_search"
    return (
        [
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{VECTOR_COLUMN}" tsvector '
            f'GENERATED ALWAYS AS ("{SEARCH_COLUMN}"::tsvector) STORED',
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" USING gin ("{VECTOR_COLUMN}")',
        ],
        [f'DROP INDEX IF EXISTS "{index}"', f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{VECTOR_COLUMN}"'],
    )
