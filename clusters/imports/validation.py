"""Validation: a `Table` of text cells -> an `Outcome` (the parsed rows to create or update, and a report of
{row, column, message}). Every row is checked; nothing is written."""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

from django.conf import settings
from django.utils.translation import gettext as _

from clusters.imports.cells import (
    COLLABORATION_KINDS,
    MEMBER_KINDS,
    PLATFORM_LEVELS,
    SIZE_CLASSES,
    CellError,
    codes_as_text,
    compact_credit_code,
    credit_code_column,
    decimal_column,
    each_distinct,
    integer_column,
    joined_year_column,
    parse_boolean,
    parse_chain_links,
    parse_choice,
    parse_credit_code,
    parse_region,
    text_column,
    year_column,
)
from clusters.imports.wording import COLLABORATION_COLUMNS, MEMBER_COLUMNS
from clusters.models import ChainLink, Cluster, Collaboration, ImportJob, Member
from tenancy.models import Region
from tenancy.spreadsheets.columns import normalise_header
from tenancy.spreadsheets.reading import Table, _without_cyclic_gc

# Validation ---------------------------------------------------------------------------------------------------------

# Member fields written by an import, in the order of a member record (and of the COPY columns).
MEMBER_FIELDS = [
    "kind",
    "name",
    "name_en",
    "credit_code",
    "platform_level",
    "size_class",
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "region_id",
    "is_local",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
    "joined_year",
]
MEMBER_FIELD_OF_COLUMN = {"region": "region_id"}
COLLABORATION_FIELDS = ["source_id", "target_id", "kind", "value", "year"]

MAX_REPORT = 1000  # problems kept in the report; the message gives the total


def member_defaults():
    return [Member._meta.get_field(name).get_default() for name in MEMBER_FIELDS]


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
        if len(self.report) < MAX_REPORT:
            self.report.append({"row": row, "column": str(column), "message": str(message)})


def _map_headers(table: Table, columns, outcome: Outcome):
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


def _numbers_in(table: Table, found: dict, key) -> dict:
    """{row index: the cell as the file holds it} of the number cells of a code column (workbooks only)."""
    column = found.get(key)
    return {row: given for (row, at), given in table.numeric.items() if at == column}


def _repeats(keys, skip, numbers, first_message, repeat_message):
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


def _start(table: Table, columns, outcome: Outcome):
    if not table.headers or not any(str(h).strip() for h in table.headers):
        outcome.add(1, "", _("The file is empty: no row holds any data (see the template)."))
        return None
    found = _map_headers(table, columns, outcome)
    if outcome.problems:
        return None
    if not table.rows:
        outcome.add(table.header_row + 1, "", _("The file has column names but no data rows."))
        return None
    limit = settings.IMPORT_MAX_ROWS
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


class _Checker:
    """Checks a table column by column and reports the problems as a reader expects them: by row, then by column.

    Every problem is counted; each column keeps its first MAX_REPORT, which holds every entry of the report's first
    MAX_REPORT in row order."""

    def __init__(self, table: Table, found: dict, outcome: Outcome, on_progress=None):
        self.table, self.found, self.outcome, self.on_progress = table, found, outcome, on_progress
        self.problems = []  # (row index, column order, column header, message)
        self.refused = set()  # indexes of the rows with a refused cell
        width = max(found.values()) + 1
        rows = table.rows
        if min(map(len, rows)) < width:
            rows = [cells if len(cells) >= width else cells + [""] * (width - len(cells)) for cells in rows]
        columns = list(zip(*rows, strict=False))
        self.cells = {key: columns[index] for key, index in found.items()}  # as read: each check strips what it keeps

    def check(self, checks: dict) -> dict:
        """{key: values} of every column found, each checked by checks[key]."""
        values = {}
        for order, key in enumerate(self.found):
            cells = self.cells[key]
            values[key], problems = checks[key](cells)
            self.note(order, self.table.headers[self.found[key]], problems)
            if self.on_progress is not None:
                self.on_progress((order + 1) / len(self.found))
        return values

    def note(self, order, header, problems):
        """Problems of one column, or of whole rows (order after the columns), in row order."""
        self.outcome.problems += len(problems)
        self.refused.update(index for index, _message in problems)
        self.problems.extend((index, order, header, message) for index, message in problems[:MAX_REPORT])

    def finish(self):
        numbers, report = self.table.numbers, self.outcome.report
        self.problems.sort(key=lambda problem: problem[:2])
        for index, _order, header, message in self.problems[: max(0, MAX_REPORT - len(report))]:
            report.append({"row": numbers[index], "column": str(header), "message": str(message)})


@_without_cyclic_gc
def validate_members(table: Table, *, cluster: Cluster, on_progress=None) -> Outcome:
    """Check every row of a members file, column by column; no query per row."""
    outcome = Outcome()
    found = _start(table, MEMBER_COLUMNS, outcome)
    if found is None:
        return outcome
    links = {}
    for link_id, name, name_en in ChainLink.objects.filter(cluster=cluster).values_list("pk", "name", "name_en"):
        links[name.strip().lower()] = link_id
        if name_en:
            links.setdefault(name_en.strip().lower(), link_id)
    link_names = "、".join(ChainLink.objects.filter(cluster=cluster).values_list("name", flat=True)[:30])
    regions = set(Region.objects.values_list("code", flat=True)) if "region" in found else set()
    existing = set(Member.objects.filter(cluster=cluster).exclude(credit_code="").values_list("credit_code", flat=True))
    checks = {
        "name": text_column(200),
        "name_en": text_column(200),
        "credit_code": codes_as_text(credit_code_column, _numbers_in(table, found, "credit_code")),
        "kind": each_distinct(parse_choice(MEMBER_KINDS, Member.Kind.ENTERPRISE, _("kind"))),
        "platform_level": each_distinct(parse_choice(PLATFORM_LEVELS, "", _("platform level"))),
        "size_class": each_distinct(parse_choice(SIZE_CLASSES, "", _("size class"))),
        "is_leading": each_distinct(parse_boolean(False)),
        "is_single_champion": each_distinct(parse_boolean(False)),
        "is_little_giant": each_distinct(parse_boolean(False)),
        "is_srdi_sme": each_distinct(parse_boolean(False)),
        "is_high_tech": each_distinct(parse_boolean(False)),
        "chain_links": each_distinct(parse_chain_links(links, link_names)),
        "region": each_distinct(parse_region(regions)),
        "is_local": each_distinct(parse_boolean(True)),
        "revenue": decimal_column,
        "employees": integer_column,
        "rd_spend": decimal_column,
        "patents": integer_column,
        "joined_year": joined_year_column,
    }
    checker = _Checker(table, found, outcome, on_progress)
    values = checker.check(checks)
    refused = checker.refused
    message = _("The name is required.")
    checker.note(
        len(found),
        table.headers[found["name"]],
        [(index, message) for index, name in enumerate(values["name"]) if not name and index not in refused],
    )
    codes = values["credit_code"]
    if len(set(codes)) != len(codes):
        duplicates = _repeats(
            codes,
            (),
            table.numbers,
            lambda code, rows: _("Credit code %(code)s appears again in row %(rows)s.") % {"code": code, "rows": rows},
            lambda code, row: _("Credit code %(code)s also appears in row %(row)s.") % {"code": code, "row": row},
        )
        checker.note(len(found) + 1, table.headers[found["credit_code"]], duplicates)
    checker.finish()
    outcome.fields = [MEMBER_FIELD_OF_COLUMN.get(key, key) for key in found if key != "chain_links"]
    if outcome.problems:
        return outcome
    rows = len(table.rows)
    column_of_field = {MEMBER_FIELD_OF_COLUMN.get(key, key): key for key in found}
    outcome.records = list(
        zip(
            *(
                values[column_of_field[name]] if name in column_of_field else repeat(default, rows)
                for name, default in zip(MEMBER_FIELDS, member_defaults(), strict=True)
            ),
            strict=False,  # the defaults repeat as long as the columns run
        )
    )
    outcome.links = values["chain_links"] if "chain_links" in found else [None] * rows
    outcome.to_update = len(existing.intersection(codes))
    outcome.to_create = rows - outcome.to_update
    return outcome


@_without_cyclic_gc
def validate_collaborations(table: Table, *, cluster: Cluster, on_progress=None) -> Outcome:
    """Check every row of a collaborations file; members are found by credit code in the file's cluster."""
    outcome = Outcome()
    found = _start(table, COLLABORATION_COLUMNS, outcome)
    if found is None:
        return outcome
    members = dict(Member.objects.filter(cluster=cluster).exclude(credit_code="").values_list("credit_code", "pk"))

    def parse_member(cell):
        if not cell:
            raise CellError(_("The credit code is required."))
        code = compact_credit_code(cell)
        member = members.get(code)
        if member is None:
            parse_credit_code(code)  # a malformed code says so
            raise CellError(
                _("No member of this cluster has credit code %(code)s: import the members first.") % {"code": code}
            )
        return member

    checks = {
        key: codes_as_text(each_distinct(parse_member), _numbers_in(table, found, key))
        for key in ("source_credit_code", "target_credit_code")
    } | {
        "kind": each_distinct(parse_choice(COLLABORATION_KINDS, "", _("collaboration kind"))),
        "value": decimal_column,
        "year": year_column,
    }
    outcome.fields = ["source_id", "target_id", "kind"] + [key for key in ("value", "year") if key in found]
    checker = _Checker(table, found, outcome, on_progress)
    values = checker.check(checks)
    rows = len(table.rows)
    sources, targets, kinds = values["source_credit_code"], values["target_credit_code"], values["kind"]
    years = values.get("year") or [None] * rows
    refused = set(checker.refused)
    message = _("The collaboration kind is required.")
    missing_kind = [(index, message) for index, kind in enumerate(kinds) if not kind and index not in refused]
    checker.note(len(found), table.headers[found["kind"]], missing_kind)
    message = _("A member cannot collaborate with itself.")
    themselves = [
        (index, message)
        for index, (source, target) in enumerate(zip(sources, targets, strict=True))
        if source is not None and source == target
    ]
    checker.note(len(found) + 1, table.headers[found["target_credit_code"]], themselves)
    refused.update(index for index, _message in missing_kind + themselves)
    keys = list(zip(sources, targets, kinds, years, strict=True))
    duplicates = _repeats(
        keys,
        refused,
        table.numbers,
        lambda _key, rows: (
            _("The same collaboration (members, kind and year) appears again in row %(rows)s.") % {"rows": rows}
        ),
        lambda _key, row: _("The same collaboration (members, kind and year) is in row %(row)s.") % {"row": row},
    )
    checker.note(len(found) + 2, "", duplicates)
    checker.finish()
    if outcome.problems:
        return outcome
    amounts = values.get("value") or [None] * rows
    outcome.records = list(zip(sources, targets, kinds, amounts, years, strict=True))
    existing = set(Collaboration.objects.filter(cluster=cluster).values_list("source_id", "target_id", "kind", "year"))
    outcome.to_update = len(existing.intersection(keys))
    outcome.to_create = rows - outcome.to_update
    return outcome


VALIDATORS: dict[str, Callable] = {
    ImportJob.Kind.MEMBERS: validate_members,
    ImportJob.Kind.COLLABORATIONS: validate_collaborations,
}
