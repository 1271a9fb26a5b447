"""Matching a parsed query against a search column, per database vendor; both give the same rows.

PostgreSQL reads the column as a tsvector (`column::tsvector`, the expression of the GIN index each searchable
table has, see `gin_index_sql`) and the terms as a tsquery (`'南瑞' & 'siem':*`). SQLite (the embedded `make run`)
looks each term up with instr() in the column, whose tokens have a space on either side; tables there are small.
"""

from django.db import models

from .tokens import Term

SEARCH_COLUMN = "search_tokens"


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
        return f"({sql})::tsvector @@ %s::tsquery", (*params, tsquery(self.terms))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        parts, values = [], []
        for term in self.terms:
            parts.append(f"instr({sql}, %s) > 0")
            values += [*params, f" {term.token}" if term.prefix else f" {term.token} "]
        return "(" + " AND ".join(parts) + ")", tuple(values)


def gin_index_sql(table: str, name: str) -> tuple[str, str]:
    """(create, drop) SQL of the GIN index of a table's search column, for a migration's RunPython (PostgreSQL)."""
    return (
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (("{SEARCH_COLUMN}"::tsvector))',
        f'DROP INDEX IF EXISTS "{name}"',
    )
