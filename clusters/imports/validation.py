"""Validation: a `Table` of text cells -> an `Outcome` (the parsed rows to create or update, and a report of
{row, column, message}). Every row is checked; nothing is written."""

from collections.abc import Callable
from itertools import repeat

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
from tenancy.spreadsheets.reading import Table, _without_cyclic_gc
from tenancy.spreadsheets.report import Outcome, max_report, repeats, start_table

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


def member_defaults():
    return [Member._meta.get_field(name).get_default() for name in MEMBER_FIELDS]


def _numbers_in(table: Table, found: dict, key) -> dict:
    """{row index: the cell as the file holds it} of the number cells of a code column (workbooks only)."""
    column = found.get(key)
    return {row: given for (row, at), given in table.numeric.items() if at == column}


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
        self.problems.extend((index, order, header, message) for index, message in problems[: max_report()])

    def finish(self):
        numbers, report = self.table.numbers, self.outcome.report
        self.problems.sort(key=lambda problem: problem[:2])
        for index, _order, header, message in self.problems[: max(0, max_report() - len(report))]:
            report.append({"row": numbers[index], "column": str(header), "message": str(message)})


@_without_cyclic_gc
def validate_members(table: Table, *, cluster: Cluster, on_progress=None) -> Outcome:
    """Check every row of a members file, column by column; no query per row."""
    outcome = Outcome()
    found = start_table(table, MEMBER_COLUMNS, outcome)
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
        duplicates = repeats(
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
    found = start_table(table, COLLABORATION_COLUMNS, outcome)
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
    duplicates = repeats(
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
