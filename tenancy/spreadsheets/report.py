"""The report every bulk import answers with: the header matched to the columns, then problems by row and column
({row, column, message}, row numbers as a spreadsheet shows them), at most MAX_REPORT kept and all counted."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .columns import normalise_header
from .reading import Table

MAX_REPORT = 1000  # problems kept in the report; the message gives the total


@dataclass
class Outcome:
    """What validation found: the records to write, or the problems."""

    rows: int = 0
    report: list = field(default_factory=list)
    problems: int = 0
    fields: list = field(default_factory=list)  # the fields the file sets (columns present)
    records: list = field(default_factory=list)  # one tuple of values per row (MEMBER_FIELDS / COLLABORATION_FIELDS)
    links: list = field(default_factory=list)  # members: the chain-link ids of each record (None: column absent)
    to_create: int = 0
    to_update: int = 0

    def add(self, row, column, message):
        self.problems += 1
        if len(self.report) < max_report():
            self.report.append({"row": row, "column": str(column), "message": str(message)})


def max_report() -> int:
    """MAX_REPORT, read when used (a test may lower it)."""
    return MAX_REPORT


def map_headers(table: Table, columns, outcome: Outcome):
    """Match the file's headers to the columns: {column key: index}; problems go to the report."""
    by_name = {}
    for column in columns:
        for name in column.names():
            by_name[name] = column
    found = {}
    for index, header in enumerate(table.headers):
        column = by_name.get(normalise_header(header))
        if column is None:
            continue
        if column.key in found:
            outcome.add(
                table.header_row, header, _("The column %(column)s appears twice.") % {"column": column.display}
            )
            continue
        found[column.key] = index
    missing = [column.display for column in columns if column.required and column.key not in found]
    if missing:
        outcome.add(
            table.header_row,
            "、".join(missing),
            _(
                "Missing required column: %(columns)s. The header row (row %(row)s, %(source)s) must hold the column "
                "names (see the template)."
            )
            % {"columns": "、".join(missing), "row": table.header_row, "source": table.source or "—"},
        )
    return found


def repeats(keys, skip, numbers, first_message, repeat_message):
    """Both rows of each repeat: (row index, message) for the first row (naming the repeats) and for each repeat
    (naming the first). `skip`: rows already refused; a key of None is never a repeat."""
    first_row, repeats = {}, {}
    for index, key in enumerate(keys):
        if key is None or index in skip:
            continue
        first = first_row.setdefault(key, index)
        if first != index:
            repeats.setdefault(first, []).append(index)
    problems = []
    for first, others in repeats.items():
        rows = "、".join(str(numbers[index]) for index in others)
        problems.append((first, first_message(keys[first], rows)))
        problems += [(index, repeat_message(keys[index], numbers[first])) for index in others]
    return sorted(problems)


def start_table(table: Table, columns, outcome: Outcome, limit: int | None = None):
    """The columns found ({key: index}), or None when the file cannot be read on (the report says why); at most
    `limit` rows (default IMPORT_MAX_ROWS)."""
    if not table.headers or not any(str(h).strip() for h in table.headers):
        outcome.add(1, "", _("The file is empty: no row holds any data (see the template)."))
        return None
    found = map_headers(table, columns, outcome)
    if outcome.problems:
        return None
    if not table.rows:
        outcome.add(table.header_row + 1, "", _("The file has column names but no data rows."))
        return None
    limit = limit or settings.IMPORT_MAX_ROWS
    if len(table.rows) > limit:
        outcome.add(
            table.header_row,
            "",
            _("The file has %(rows)s rows; at most %(limit)s can be imported at once. Split it into smaller files.")
            % {"rows": len(table.rows), "limit": limit},
        )
        return None
    outcome.rows = len(table.rows)
    return found
