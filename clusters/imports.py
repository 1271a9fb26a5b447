"""Bulk import of members and collaborations from CSV and XLSX files.

The flow, each step a plain function:

1. `import_job_create` (at upload, in the request): refuses oversize files and wrong types (extension *and* magic
   bytes; a CSV must decode as UTF-8, UTF-8 with BOM, GBK or GB18030 and hold no NUL or control bytes), stores the
   file under MEDIA_ROOT, creates the `ImportJob` row and queues `clusters.tasks.run_import` after commit.
2. `import_job_run` (in the Celery task): `read_table` turns the file into a header and rows of text cells;
   `validate_members` / `validate_collaborations` check EVERY row (plain loops over the cells; the cluster's chain
   links, regions and credit codes are loaded once) and return a report of {row, column, message}.
3. Unless the job is a dry run or the report has a problem, `write_members` / `write_collaborations` write every
   row in one transaction: on PostgreSQL with `COPY` (new rows) and a `COPY` into a temporary table followed by
   `UPDATE … FROM` (rows whose credit code the cluster already has), elsewhere with `bulk_create` / `bulk_update`.

Columns absent from a file leave existing members' fields as they are; new members get the model defaults.
Row numbers are those a spreadsheet shows: the header is row 1.
"""

import codecs
import csv
import io
import re
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import mul

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength

from tenancy.models import Region

from .models import ChainLink, Cluster, Collaboration, ImportJob, Member

CSV, XLSX = "csv", "xlsx"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
XLSX_MAX_UNPACKED_RATIO = 20  # a workbook unpacking to more than 20× its size is refused (zip bomb)
MAX_REPORT = 1000  # problems kept in the report; the message gives the total
PROGRESS_EVERY = 5000  # rows between progress updates
MAX_DECIMAL = Decimal(10) ** 14  # DecimalField(max_digits=16, decimal_places=2)
MAX_INTEGER = 2_147_483_647
CENT = Decimal("0.01")
YEARS = (1900, 2100)
LIST_SEPARATORS = re.compile(r"[;；、,，|]")
HEADER_NOISE = re.compile(r"[\s_\-*（）()：:]")


class FileRefused(Exception):
    """The upload is not a file we can read; the message says why."""


class CellError(Exception):
    """A cell's value is not valid; the message says why."""


# Upload checks ------------------------------------------------------------------------------------------------------


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}"


def check_upload(upload) -> tuple[str, bytes]:
    """Refuse oversize files and wrong types; return (format, content)."""
    limit = settings.IMPORT_MAX_FILE_SIZE
    if upload.size > limit:
        raise FileRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
        )
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    data = upload.read()
    if not data:
        raise FileRefused(_("The file is empty."))
    if extension == "xls" or data.startswith(OLE_MAGIC):
        raise FileRefused(_("Old Excel .xls workbooks are not supported: save the sheet as .xlsx or as CSV."))
    if extension == XLSX:
        _check_workbook(data)
    elif extension == CSV:
        decode_text(data)
    else:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    return extension, data


def _check_workbook(data):
    if not data.startswith(ZIP_MAGIC):
        raise FileRefused(
            _("The file is named .xlsx but is not an Excel workbook (perhaps a CSV or another file renamed).")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileRefused(_("The workbook is damaged and cannot be opened.")) from exc
    if "xl/workbook.xml" not in names:
        raise FileRefused(_("The file is a ZIP archive but not an Excel workbook."))
    if unpacked > XLSX_MAX_UNPACKED_RATIO * max(len(data), 1024 * 1024):
        raise FileRefused(_("The workbook unpacks to far more data than its size suggests and is refused."))


def decode_text(data: bytes) -> str:
    """A CSV's text: BOM → UTF-8-SIG; else strict UTF-8; else GB18030 (a superset of GBK)."""
    if data.startswith(ZIP_MAGIC):
        raise FileRefused(_("The file is named .csv but is an Excel workbook or a ZIP archive: name it .xlsx."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise FileRefused(
            _(
                "The file is named .csv but holds binary data (NUL bytes; UTF-16 “Unicode text” is not supported). "
                "Save it as “CSV UTF-8” or CSV."
            )
        )
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise FileRefused(_("The file is not text in UTF-8, GBK or GB18030.")) from exc
    if CONTROL_CHARACTERS.search(text):
        raise FileRefused(_("The file is named .csv but holds control characters: it is not a text file."))
    return text


# Reading ------------------------------------------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)


def read_table(file_format: str, data: bytes) -> Table:
    if file_format == XLSX:
        _check_workbook(data)
        return _read_workbook(data)
    return _read_csv(decode_text(data))


def _read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader, None)
        rows = [(number, cells) for number, cells in enumerate(reader, start=2) if any(cells)]
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file cannot be read near line %(line)s: %(error)s")
            % {
                "line": reader.line_num,
                "error": exc,
            }
        ) from exc
    return Table(headers=[str(h) for h in headers or []], rows=rows)


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _read_workbook(data: bytes) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        raise FileRefused(_("The workbook is damaged and cannot be opened.")) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong dimensions; read every row
        values = sheet.iter_rows(values_only=True)
        header = next(values, None) or ()
        rows = []
        for number, raw in enumerate(values, start=2):
            cells = [_xlsx_text(value) for value in raw]
            if any(cells):
                rows.append((number, cells))
    except Exception as exc:  # noqa: BLE001
        raise FileRefused(_("The workbook is damaged and cannot be opened.")) from exc
    finally:
        workbook.close()
    return Table(headers=[_xlsx_text(h) for h in header], rows=rows)


# Columns ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the English header, and the parser's name
    label: str  # the Chinese header of the template files
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""

    def names(self):
        return {normalise_header(name) for name in (self.key, self.label, *self.aliases)}

    @property
    def display(self):
        return f"{self.label} ({self.key})"


def normalise_header(header) -> str:
    return HEADER_NOISE.sub("", str(header)).lower()


MEMBER_COLUMNS = [
    Column("name", "名称", ("企业名称", "单位名称", "成员名称"), required=True, example="南京示例电气股份有限公司"),
    Column("credit_code", "统一社会信用代码", ("信用代码", "uscc"), required=True, example="91320100MA1MUNX59A"),
    Column("name_en", "英文名称", ("english name",), example="Nanjing Example Electric Co., Ltd."),
    Column("kind", "类型", ("主体类型", "成员类型", "type"), example="企业"),
    Column("platform_level", "平台级别", (), example=""),
    Column("size_class", "规模", ("企业规模", "size"), example="大型"),
    Column("is_leading", "龙头企业", ("leading",), example="是"),
    Column("is_single_champion", "单项冠军", ("制造业单项冠军", "single champion"), example="否"),
    Column("is_little_giant", "专精特新小巨人", ("小巨人", "little giant"), example="否"),
    Column("is_srdi_sme", "专精特新中小企业", ("srdi sme",), example="否"),
    Column("is_high_tech", "高新技术企业", ("高新企业", "high tech"), example="是"),
    Column("chain_links", "产业链环节", ("链环节", "chain link"), example=""),
    Column("region", "地区代码", ("行政区划代码", "region code"), example="320100"),
    Column("is_local", "本地", ("是否本地", "local"), example="是"),
    Column("revenue", "营业收入（万元）", ("营业收入",), example="125000"),
    Column("employees", "从业人员", ("从业人员数", "员工数"), example="3200"),
    Column("rd_spend", "研发投入（万元）", ("研发投入", "r&d spend"), example="8600"),
    Column("patents", "专利数", ("专利数量", "有效专利数"), example="412"),
    Column("joined_year", "加入年份", ("year joined",), example="2019"),
]

COLLABORATION_COLUMNS = [
    Column("source_credit_code", "来源统一社会信用代码", ("来源信用代码", "source"), True, "91320100MA1MUNX59A"),
    Column("target_credit_code", "目标统一社会信用代码", ("目标信用代码", "target"), True, "91320115MA1N3LDJ4F"),
    Column("kind", "合作类型", ("类型", "type"), required=True, example="供应配套"),
    Column("value", "金额（万元）", ("金额", "合作金额"), example="3500"),
    Column("year", "年份", (), example="2024"),
]

COLUMNS = {ImportJob.Kind.MEMBERS: MEMBER_COLUMNS, ImportJob.Kind.COLLABORATIONS: COLLABORATION_COLUMNS}

# Accepted spellings of each choice (Chinese labels, English codes and labels), compared in lower case.
MEMBER_KINDS = {
    Member.Kind.ENTERPRISE: ("企业", "公司", "enterprise", "company"),
    Member.Kind.UNIVERSITY: ("高校", "大学", "高等院校", "高等学校", "university"),
    Member.Kind.RESEARCH_INSTITUTE: (
        "科研院所",
        "研究院所",
        "科研机构",
        "研究机构",
        "research_institute",
        "research institute",
    ),
    Member.Kind.INNOVATION_PLATFORM: ("创新平台", "innovation_platform", "innovation platform"),
    Member.Kind.SERVICE_INSTITUTION: ("服务机构", "service_institution", "service institution"),
    Member.Kind.INDUSTRY_ASSOCIATION: ("行业协会", "协会", "商会", "industry_association", "industry association"),
    Member.Kind.FINANCIAL_INSTITUTION: ("金融机构", "financial_institution", "financial institution"),
    Member.Kind.MARKET: ("市场", "专业市场", "market"),
}
SIZE_CLASSES = {
    Member.SizeClass.LARGE: ("大型", "大型企业", "大", "large"),
    Member.SizeClass.MEDIUM: ("中型", "中型企业", "中", "medium"),
    Member.SizeClass.SMALL: ("小型", "小型企业", "小", "small"),
    Member.SizeClass.MICRO: ("微型", "微型企业", "微", "micro"),
}
PLATFORM_LEVELS = {
    Member.PlatformLevel.NATIONAL: ("国家级", "national"),
    Member.PlatformLevel.PROVINCIAL: ("省级", "provincial"),
}
COLLABORATION_KINDS = {
    Collaboration.Kind.SUPPLY: ("供应", "供应配套", "配套", "supply"),
    Collaboration.Kind.RD: ("研发合作", "联合研发", "产学研合作", "rd", "r&d", "r&d cooperation"),
    Collaboration.Kind.JOINT_VENTURE: ("合资", "合资合作", "joint_venture", "joint venture"),
    Collaboration.Kind.INVESTMENT: ("投资", "股权投资", "investment"),
    Collaboration.Kind.LICENSING: ("技术许可", "技术转让", "licensing", "technology licensing"),
    Collaboration.Kind.TALENT: ("人才流动", "人才交流", "talent", "talent flow"),
    Collaboration.Kind.STANDARD: ("标准制定", "共同制定标准", "standard", "standard setting"),
    Collaboration.Kind.PLATFORM_SERVICE: ("平台服务", "platform_service", "platform service"),
}
BOOLEANS = {
    **dict.fromkeys(("是", "有", "√", "✓", "y", "yes", "true", "1", "t"), True),
    **dict.fromkeys(("否", "无", "×", "✗", "n", "no", "false", "0", "f"), False),
}


def _spellings(choices):
    return {spelling.lower(): code for code, spellings in choices.items() for spelling in (code, *spellings)}


# Cell parsers: each takes the stripped text of a cell and returns the value or raises CellError. ------------------


def looks_like_formula(cell: str) -> bool:
    """`=HYPERLINK(…)`, `+cmd…`, `@SUM(…)`: a spreadsheet would run it. `-12.5` or `+86` are numbers, not formulas."""
    if len(cell) < 2 or cell[0] not in "=+-@":
        return False
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return True
    return False


def parse_text(max_length):
    def parse(cell):
        if len(cell) > max_length:
            raise CellError(
                _("At most %(max)s characters (this has %(length)s).") % {"max": max_length, "length": len(cell)}
            )
        return cell

    return parse


def compact_credit_code(cell: str) -> str:
    return cell.replace(" ", "").replace("-", "").upper()


# GB 32100: 18 characters, the first 8 digits, the rest from a 31-character alphabet, the last a weighted check.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUES = {character: value for value, character in enumerate(USCC_ALPHABET)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_valid_credit_code(code: str) -> bool:
    """The same test as `stdnum.cn.uscc.is_valid` on a compacted code, at a tenth of its cost (stdnum spends most
    of its ~14 µs cleaning Unicode); tests check the two agree. stdnum still words every refusal."""
    if len(code) != 18 or not code[:8].isdigit():
        return False
    try:
        total = sum(map(mul, map(USCC_VALUES.__getitem__, code[:17]), USCC_WEIGHTS))
        return USCC_ALPHABET[(31 - total) % 31] == code[17]
    except KeyError:
        return False


def parse_credit_code(cell):
    if not cell:
        raise CellError(_("The credit code is required: members are matched by it when a file is imported again."))
    code = compact_credit_code(cell)
    if code.isascii() and is_valid_credit_code(code):
        return code
    try:
        return uscc.validate(code)
    except InvalidLength as exc:
        raise CellError(
            _("A unified social credit code has 18 characters; “%(code)s” has %(length)s.")
            % {"code": code, "length": len(code)}
        ) from exc
    except InvalidChecksum as exc:
        raise CellError(
            _("“%(code)s” fails the GB 32100 check digit: the code was probably mistyped.") % {"code": code}
        ) from exc
    except Exception as exc:  # noqa: BLE001 - stdnum's InvalidFormat and friends
        raise CellError(
            _("“%(code)s” is not a unified social credit code (digits and capital letters except I, O, S, V, Z).")
            % {"code": code}
        ) from exc


def parse_choice(choices, default, what):
    spellings = _spellings(choices)
    accepted = "、".join(spellings_of[0] for spellings_of in choices.values())

    def parse(cell):
        if not cell:
            return default
        value = spellings.get(cell.lower())
        if value is None:
            raise CellError(
                _("Unknown %(what)s “%(value)s”; use one of %(accepted)s.")
                % {"what": what, "value": cell, "accepted": accepted}
            )
        return value

    return parse


def parse_boolean(default):
    def parse(cell):
        if not cell:
            return default
        value = BOOLEANS.get(cell.lower())
        if value is None:
            raise CellError(_("Write 是 or 否 (yes/no, 1/0, true/false), not “%(value)s”.") % {"value": cell})
        return value

    return parse


def _number(cell):
    try:
        value = Decimal(cell.replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": cell}) from exc
    if not value.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": cell})
    if value < 0:
        raise CellError(_("The value cannot be negative (%(value)s).") % {"value": cell})
    return value


def parse_decimal(cell):
    if not cell:
        return None
    value = _number(cell)
    if value >= MAX_DECIMAL:
        raise CellError(_("%(value)s is too large.") % {"value": cell})
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_integer(cell):
    if not cell:
        return None
    try:
        value = int(cell)
    except ValueError:
        number = _number(cell)
        if number != number.to_integral_value():
            raise CellError(_("Enter a whole number, not “%(value)s”.") % {"value": cell}) from None
        value = int(number)
    if value < 0:
        raise CellError(_("The value cannot be negative (%(value)s).") % {"value": cell})
    if value > MAX_INTEGER:
        raise CellError(_("%(value)s is too large.") % {"value": cell})
    return value


def parse_year(cell):
    value = parse_integer(cell)
    if value is not None and not YEARS[0] <= value <= YEARS[1]:
        raise CellError(_("Enter a year between %(first)s and %(last)s.") % {"first": YEARS[0], "last": YEARS[1]})
    return value


def parse_region(regions):
    def parse(cell):
        if not cell:
            return None
        if len(cell) != 6 or not cell.isdigit():
            raise CellError(
                _("A region code has 6 digits (GB/T 2260), e.g. 320100; not “%(value)s”.") % {"value": cell}
            )
        if cell not in regions:
            raise CellError(_("Unknown region code %(value)s.") % {"value": cell})
        return cell

    return parse


def parse_chain_links(links, names):
    def parse(cell):
        if not cell:
            return ()
        found = []
        for name in LIST_SEPARATORS.split(cell):
            name = name.strip()
            if not name:
                continue
            link = links.get(name.lower())
            if link is None:
                raise CellError(
                    _("Unknown chain link “%(name)s”; the cluster's chain links are: %(names)s.")
                    % {"name": name, "names": names or _("none yet")}
                )
            if link not in found:
                found.append(link)
        return tuple(found)

    return parse


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


@dataclass
class Outcome:
    """What validation found: the records to write, or the problems."""

    rows: int = 0
    report: list = field(default_factory=list)
    problems: int = 0
    fields: list = field(default_factory=list)  # the fields the file sets (columns present)
    records: list = field(default_factory=list)  # one list of values per row (MEMBER_FIELDS / COLLABORATION_FIELDS)
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
            outcome.add(1, header, _("The column %(column)s appears twice.") % {"column": column.display})
            continue
        found[column.key] = index
    missing = [column.display for column in columns if column.required and column.key not in found]
    if missing:
        outcome.add(
            1,
            "、".join(missing),
            _("Missing required column: %(columns)s. The first row must hold the column names (see the template).")
            % {"columns": "、".join(missing)},
        )
    return found


def _start(table: Table, columns, outcome: Outcome):
    if not table.headers or not any(str(h).strip() for h in table.headers):
        outcome.add(1, "", _("The file is empty: the first row must hold the column names (see the template)."))
        return None
    found = _map_headers(table, columns, outcome)
    if outcome.problems:
        return None
    if not table.rows:
        outcome.add(2, "", _("The file has column names but no data rows."))
        return None
    limit = settings.IMPORT_MAX_ROWS
    if len(table.rows) > limit:
        outcome.add(
            1,
            "",
            _("The file has %(rows)s rows; at most %(limit)s can be imported at once. Split it into smaller files.")
            % {"rows": len(table.rows), "limit": limit},
        )
        return None
    outcome.rows = len(table.rows)
    return found


def _cells(table, found, parsers, headers, outcome: Outcome, on_progress):
    """Yield (row number, {key: value}) for each row whose cells all parse; report the others."""
    plan = [(key, index, parsers[key], headers[index]) for key, index in found.items()]
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        if on_progress is not None and done % PROGRESS_EVERY == 0:
            on_progress(done / total)
        width = len(cells)
        values = {}
        ok = True
        for key, index, parse, header in plan:
            cell = cells[index].strip() if index < width else ""
            if cell and cell[0] in "=+-@" and looks_like_formula(cell):
                outcome.add(
                    number,
                    header,
                    _("The cell starts like a formula (“%(start)s…”) and is refused; enter plain values only.")
                    % {"start": cell[:20]},
                )
                ok = False
                continue
            try:
                values[key] = parse(cell)
            except CellError as exc:
                outcome.add(number, header, exc)
                ok = False
        yield number, values, ok


def validate_members(table: Table, *, cluster: Cluster, on_progress=None) -> Outcome:
    """Check every row of a members file; no query per row."""
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
    defaults = member_defaults()
    parsers = {
        "name": parse_text(200),
        "name_en": parse_text(200),
        "credit_code": parse_credit_code,
        "kind": parse_choice(MEMBER_KINDS, Member.Kind.ENTERPRISE, _("kind")),
        "platform_level": parse_choice(PLATFORM_LEVELS, "", _("platform level")),
        "size_class": parse_choice(SIZE_CLASSES, "", _("size class")),
        "is_leading": parse_boolean(False),
        "is_single_champion": parse_boolean(False),
        "is_little_giant": parse_boolean(False),
        "is_srdi_sme": parse_boolean(False),
        "is_high_tech": parse_boolean(False),
        "chain_links": parse_chain_links(links, link_names),
        "region": parse_region(regions),
        "is_local": parse_boolean(True),
        "revenue": parse_decimal,
        "employees": parse_integer,
        "rd_spend": parse_decimal,
        "patents": parse_integer,
        "joined_year": parse_year,
    }
    outcome.fields = [MEMBER_FIELD_OF_COLUMN.get(key, key) for key in found if key != "chain_links"]
    positions = [
        (key, MEMBER_FIELDS.index(MEMBER_FIELD_OF_COLUMN.get(key, key))) for key in found if key != "chain_links"
    ]
    has_links = "chain_links" in found
    name_header = table.headers[found["name"]]
    code_header = table.headers[found["credit_code"]]
    seen = {}
    for number, values, ok in _cells(table, found, parsers, table.headers, outcome, on_progress):
        if ok and not values["name"]:
            outcome.add(number, name_header, _("The name is required."))
            ok = False
        code = values.get("credit_code")
        if code:
            first = seen.get(code)
            if first is not None:
                outcome.add(
                    number,
                    code_header,
                    _("Credit code %(code)s also appears in row %(row)s.") % {"code": code, "row": first},
                )
                ok = False
            else:
                seen[code] = number
        if not ok or outcome.problems:
            continue  # once a row is bad nothing is written; keep checking, stop collecting
        record = defaults[:]
        for key, position in positions:
            record[position] = values[key]
        outcome.records.append(record)
        outcome.links.append(values["chain_links"] if has_links else None)
    if not outcome.problems:
        outcome.to_update = sum(1 for code in seen if code in existing)
        outcome.to_create = len(seen) - outcome.to_update
    else:
        outcome.records, outcome.links = [], []
    return outcome


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

    parsers = {
        "source_credit_code": parse_member,
        "target_credit_code": parse_member,
        "kind": parse_choice(COLLABORATION_KINDS, "", _("collaboration kind")),
        "value": parse_decimal,
        "year": parse_year,
    }
    outcome.fields = ["source_id", "target_id", "kind"] + [key for key in ("value", "year") if key in found]
    kind_header = table.headers[found["kind"]]
    target_header = table.headers[found["target_credit_code"]]
    existing = {
        (source, target, kind, year)
        for source, target, kind, year in Collaboration.objects.filter(cluster=cluster).values_list(
            "source_id", "target_id", "kind", "year"
        )
    }
    seen = {}
    for number, values, ok in _cells(table, found, parsers, table.headers, outcome, on_progress):
        if ok and not values["kind"]:
            outcome.add(number, kind_header, _("The collaboration kind is required."))
            ok = False
        source, target = values.get("source_credit_code"), values.get("target_credit_code")
        if source is not None and source == target:
            outcome.add(number, target_header, _("A member cannot collaborate with itself."))
            ok = False
        if not ok:
            continue
        key = (source, target, values["kind"], values.get("year"))
        first = seen.get(key)
        if first is not None:
            outcome.add(
                number, "", _("The same collaboration (members, kind and year) is in row %(row)s.") % {"row": first}
            )
            continue
        seen[key] = number
        if not outcome.problems:
            outcome.records.append([source, target, values["kind"], values.get("value"), values.get("year")])
    if not outcome.problems:
        outcome.to_update = sum(1 for key in seen if key in existing)
        outcome.to_create = len(seen) - outcome.to_update
    else:
        outcome.records = []
    return outcome


VALIDATORS: dict[str, Callable] = {
    ImportJob.Kind.MEMBERS: validate_members,
    ImportJob.Kind.COLLABORATIONS: validate_collaborations,
}


# Writing ------------------------------------------------------------------------------------------------------------


def _use_copy(method):
    return method == "copy" or (method is None and connection.vendor == "postgresql")


def _quote(name):
    return connection.ops.quote_name(name)


def _column_types(model, columns):
    """PostgreSQL type names of the columns, for binary COPY (no text parsing on the server)."""
    return [re.sub(r"\(.*\)", "", model._meta.get_field(column).db_type(connection)).strip() for column in columns]


def _copy_rows(cursor, model, columns, rows, table=None):
    """COPY rows (tuples in the order of `columns`) into the model's table, or `table` shaped like it."""
    names = ", ".join(_quote(column) for column in columns)
    sql = f"COPY {_quote(table or model._meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)"
    with cursor.cursor.copy(sql) as copy:
        copy.set_types(_column_types(model, columns))
        for row in rows:
            copy.write_row(row)


def _reserve_ids(cursor, model, count):
    """Take `count` ids from the table's identity sequence, so that new rows and their links go in by COPY."""
    if not count:
        return []
    table = model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [_quote(table), count]
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_update(cursor, model, fields, rows, now=None):
    """UPDATE the model's table SET fields FROM a temporary table filled by COPY; rows are (id, *values)."""
    table = model._meta.db_table
    temporary = f"_import_{table}"
    columns = ", ".join(_quote(f) for f in fields)
    cursor.execute(f"DROP TABLE IF EXISTS {_quote(temporary)}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_quote(temporary)} ON COMMIT DROP AS "
        f"SELECT id, {columns} FROM {_quote(table)} WITH NO DATA"
    )
    _copy_rows(cursor, model, ["id", *fields], rows, table=temporary)
    assignments = [f"{_quote(f)} = t.{_quote(f)}" for f in fields]
    params = []
    if now is not None:
        assignments.append(f"{_quote('updated')} = %s")
        params.append(now)
    cursor.execute(
        f"UPDATE {_quote(table)} AS m SET {', '.join(assignments)} FROM {_quote(temporary)} AS t WHERE m.id = t.id",
        params,
    )
    cursor.execute(f"DROP TABLE {_quote(temporary)}")


def write_members(*, cluster: Cluster, outcome: Outcome, method=None) -> tuple[int, int]:
    """Write every validated member in the current transaction: create new credit codes, update known ones.

    `method`: "copy" (PostgreSQL COPY), "orm" (bulk_create / bulk_update) or None (COPY on PostgreSQL).
    When the file has the chain-links column, it sets each row's chain links (an updated member's old ones go)."""
    Cluster.objects.select_for_update().filter(pk=cluster.pk).first()  # one import per cluster at a time
    existing = dict(Member.objects.filter(cluster=cluster).exclude(credit_code="").values_list("credit_code", "pk"))
    code_at = MEMBER_FIELDS.index("credit_code")
    new, known = [], []
    for record, links in zip(outcome.records, outcome.links, strict=True):
        member_id = existing.get(record[code_at])
        if member_id is None:
            new.append((record, links))
        else:
            known.append((member_id, record, links))
    now = timezone.now()
    update_fields = [f for f in outcome.fields if f != "credit_code"]
    field_positions = [MEMBER_FIELDS.index(f) for f in update_fields]
    sets_links = bool(outcome.links) and outcome.links[0] is not None
    through = Member.chain_links.through
    # Rows and chain links that a re-import leaves as they are are not written again.
    if known:
        current = {row[0]: row[1:] for row in Member.objects.filter(cluster=cluster).values_list("pk", *update_fields)}
        changed = [
            (member_id, values)
            for member_id, record, _links in known
            if (values := tuple(record[p] for p in field_positions)) != current[member_id]
        ]
    else:
        changed = []
    known_links = []
    if sets_links and known:
        current_links = defaultdict(set)
        for member_id, link in through.objects.filter(member__cluster=cluster).values_list("member_id", "chainlink_id"):
            current_links[member_id].add(link)
        known_links = [(i, links) for i, _record, links in known if set(links) != current_links.get(i, set())]
    known_ids = [member_id for member_id, _links in known_links]
    if _use_copy(method):
        with connection.cursor() as cursor:
            new_ids = _reserve_ids(cursor, Member, len(new))
            _copy_rows(
                cursor,
                Member,
                ["id", "cluster_id", *MEMBER_FIELDS, "created", "updated"],
                (
                    (member_id, cluster.pk, *record, now, now)
                    for member_id, (record, _l) in zip(new_ids, new, strict=True)
                ),
            )
            if changed:
                _copy_update(cursor, Member, update_fields, ((i, *values) for i, values in changed), now=now)
            if sets_links:
                if known_ids:
                    cursor.execute(
                        f"DELETE FROM {_quote(through._meta.db_table)} WHERE member_id = ANY(%s)", [known_ids]
                    )
                pairs = [(i, link) for i, (_record, links) in zip(new_ids, new, strict=True) for link in links]
                pairs += [(i, link) for i, links in known_links for link in links]
                _copy_rows(cursor, through, ["member_id", "chainlink_id"], pairs)
        return len(new), len(known)
    created = Member.objects.bulk_create(
        [Member(cluster=cluster, **dict(zip(MEMBER_FIELDS, record, strict=True))) for record, _links in new],
        batch_size=1000,
    )
    updated = []
    for member_id, values in changed:
        member = Member(pk=member_id, cluster=cluster, updated=now)
        for name, value in zip(update_fields, values, strict=True):
            setattr(member, name, value)
        updated.append(member)
    if updated:
        Member.objects.bulk_update(updated, [*update_fields, "updated"], batch_size=500)
    if sets_links:
        through.objects.filter(member_id__in=known_ids).delete()
        pairs = [(m.pk, link) for m, (_record, links) in zip(created, new, strict=True) for link in links]
        pairs += [(i, link) for i, links in known_links for link in links]
        through.objects.bulk_create([through(member_id=i, chainlink_id=link) for i, link in pairs], batch_size=2000)
    return len(new), len(known)


def write_collaborations(*, cluster: Cluster, outcome: Outcome, method=None) -> tuple[int, int]:
    """Write every validated collaboration; one with the same members, kind and year is updated (its value)."""
    Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
    existing = {
        (source, target, kind, year): pk
        for pk, source, target, kind, year in Collaboration.objects.filter(cluster=cluster).values_list(
            "pk", "source_id", "target_id", "kind", "year"
        )
    }
    new, known = [], []
    for record in outcome.records:
        pk = existing.get((record[0], record[1], record[2], record[4]))
        if pk is None:
            new.append(record)
        else:
            known.append((pk, record[3]))
    sets_value = "value" in outcome.fields
    if _use_copy(method):
        with connection.cursor() as cursor:
            _copy_rows(
                cursor, Collaboration, ["cluster_id", *COLLABORATION_FIELDS], ((cluster.pk, *record) for record in new)
            )
            if known and sets_value:
                _copy_update(cursor, Collaboration, ["value"], known)
    else:
        Collaboration.objects.bulk_create(
            [Collaboration(cluster=cluster, **dict(zip(COLLABORATION_FIELDS, r, strict=True))) for r in new],
            batch_size=1000,
        )
        if known and sets_value:
            Collaboration.objects.bulk_update(
                [Collaboration(pk=pk, value=value) for pk, value in known], ["value"], batch_size=500
            )
    return len(new), len(known)


WRITERS: dict[str, Callable] = {
    ImportJob.Kind.MEMBERS: write_members,
    ImportJob.Kind.COLLABORATIONS: write_collaborations,
}


# Services -----------------------------------------------------------------------------------------------------------


def import_job_create(*, cluster: Cluster, kind: str, upload, dry_run: bool, by) -> ImportJob:
    """Check the upload, store it, record the job and queue it (after commit). Bad files change nothing."""
    from .tasks import run_import

    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": [_("Choose members or collaborations.")]})
    try:
        file_format, data = check_upload(upload)
    except FileRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    job = ImportJob(
        cluster=cluster,
        kind=kind,
        dry_run=dry_run,
        original_name=(upload.name or "")[-255:],
        created_by=by,
        message=_("Waiting for a worker…"),
    )
    job.file.save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(data), save=False)
    job.save()
    run_import_later(job, run_import)
    return job


def import_job_commit(*, job: ImportJob, by) -> ImportJob:
    """Import for real the file of a successful dry run (a new job on the same stored file)."""
    from .tasks import run_import

    if not (job.dry_run and job.status == ImportJob.Status.SUCCEEDED):
        raise ValidationError(_("Only a dry run that found no problem can be imported."))
    commit = ImportJob.objects.create(
        cluster=job.cluster,
        kind=job.kind,
        dry_run=False,
        file=job.file.name,
        original_name=job.original_name,
        created_by=by,
        message=_("Waiting for a worker…"),
    )
    run_import_later(commit, run_import)
    return commit


def run_import_later(job, task):
    from tenancy.tasks import enqueue

    enqueue(task, job.pk, translation.get_language() or settings.LANGUAGE_CODE)


def _record(job: ImportJob, **fields):
    """Store result fields of the job at once (a plain UPDATE, like Job's own status changes)."""
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob._base_manager.filter(pk=job.pk).update(**fields)


def import_job_run(*, job: ImportJob, method=None) -> ImportJob:
    """Validate the job's file, then (no problem, not a dry run) write every row in one transaction.

    Idempotent: a finished job is left alone; a job interrupted before its commit runs again from the start."""
    if job.is_finished:
        return job
    job.start()
    try:
        _run(job, method)
    except OperationalError:
        raise  # the task retries with backoff
    except Exception as exc:  # noqa: BLE001 - a bug: the job shows it, with the traceback kept
        job.error_out(exc)
    return job


def _run(job: ImportJob, method):
    job.set_progress(1, _("Reading the file…"))
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        file_format = job.file.name.rsplit(".", 1)[-1].lower()
        table = read_table(file_format, data)
    except (FileRefused, FileNotFoundError) as exc:
        message = str(exc) if isinstance(exc, FileRefused) else _("The uploaded file is no longer available.")
        _record(job, report=[{"row": 1, "column": "", "message": message}])
        job.fail(message)
        return
    job.set_progress(5, _("Checking %(rows)s rows…") % {"rows": len(table.rows)})
    outcome = VALIDATORS[job.kind](
        table,
        cluster=job.cluster,
        on_progress=lambda share: job.set_progress(5 + 45 * share, _("Checking rows…")),
    )
    if outcome.problems:
        _record(job, rows=outcome.rows, report=outcome.report, created_rows=0, updated_rows=0)
        message = ngettext(
            "%(problems)s problem found; nothing was written.",
            "%(problems)s problems found; nothing was written.",
            outcome.problems,
        ) % {"problems": outcome.problems}
        if outcome.problems > MAX_REPORT:
            message += " " + _("The first %(shown)s are listed.") % {"shown": MAX_REPORT}
        job.fail(message)
        return
    if job.dry_run:
        _record(job, rows=outcome.rows, report=[], created_rows=outcome.to_create, updated_rows=outcome.to_update)
        job.succeed(
            _(
                "Dry run: all %(rows)s rows are valid; importing would create %(created)s and update %(updated)s. "
                "Nothing was written."
            )
            % {"rows": outcome.rows, "created": outcome.to_create, "updated": outcome.to_update}
        )
        return
    job.set_progress(50, _("Writing %(rows)s rows…") % {"rows": outcome.rows})
    with transaction.atomic():
        created, updated = WRITERS[job.kind](cluster=job.cluster, outcome=outcome, method=method)
        _record(job, rows=outcome.rows, report=[], created_rows=created, updated_rows=updated)
        job.succeed(
            _("Imported %(rows)s rows: %(created)s created, %(updated)s updated.")
            % {
                "rows": outcome.rows,
                "created": created,
                "updated": updated,
            }
        )


# Template files -----------------------------------------------------------------------------------------------------

TEMPLATE_NAMES = {
    ImportJob.Kind.MEMBERS: gettext_lazy("members"),
    ImportJob.Kind.COLLABORATIONS: gettext_lazy("collaborations"),
}


def template_rows(kind: str) -> list[list[str]]:
    """The Chinese headers and one example row."""
    columns = COLUMNS[kind]
    return [[column.label for column in columns], [column.example for column in columns]]


def template_csv(kind: str) -> bytes:
    """A CSV in UTF-8 with BOM (Excel opens it with the right encoding)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(template_rows(kind))
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(TEMPLATE_NAMES[kind])[:31]
    header, example = template_rows(kind)
    sheet.append(header)
    sheet.append(example)
    for index, column in enumerate(COLUMNS[kind], start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.label) * 2 + 2)
        for row in (1, 2):
            sheet.cell(row=row, column=index).number_format = "@"  # text: keeps codes like 320100 as typed
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
