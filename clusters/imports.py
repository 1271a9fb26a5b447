"""Bulk import of members and collaborations from CSV and XLSX files.

The flow, each step a plain function:

1. `import_job_create` (at upload, in the request): refuses oversize files and wrong types (extension *and* magic
   bytes; a CSV must decode as UTF-8, UTF-8 with BOM, GBK or GB18030 and hold no NUL or control bytes) and creates
   the `ImportJob` row; once that commits, the file is stored under MEDIA_ROOT and `clusters.tasks.run_import` is
   queued (a creation that rolls back leaves no file). Deleting an import deletes its file, unless another import
   still holds it.
2. `import_job_run` (in the Celery task): `read_table` turns the file into a header and rows of text cells;
   `validate_members` / `validate_collaborations` check EVERY row, column by column (each distinct kind, yes/no,
   region or chain-link cell parsed once, credit codes and plain numbers checked for the whole column at once; the
   cluster's chain links, regions and credit codes loaded once) and return a report of {row, column, message}.
3. Unless the job is a dry run or the report has a problem, `write_members` / `write_collaborations` write every
   row in one transaction: on PostgreSQL with `COPY` (new rows) and a `COPY` into a temporary table followed by
   `UPDATE … FROM` (rows whose credit code the cluster already has), elsewhere with `bulk_create` / `bulk_update`.
   The progress bar moves while it writes (updated through a second connection).

Columns absent from a file leave existing members' fields as they are; new members get the model defaults.
Row numbers are those a spreadsheet shows: the header is row 1.
"""

import codecs
import csv
import gc
import io
import logging
import re
import time
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import wraps
from itertools import chain, repeat
from operator import mul

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection, connections, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength

from tenancy.models import Region
from tenancy.scoping import unscoped

from .models import ChainLink, Cluster, Collaboration, ImportJob, Member

CSV, XLSX = "csv", "xlsx"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
XLSX_MAX_UNPACKED_RATIO = 20  # a workbook unpacking to more than 20× its size is refused (zip bomb)
MAX_REPORT = 1000  # problems kept in the report; the message gives the total
PROGRESS_EVERY = 5000  # rows written between progress reports (a write of fewer rows reports none)
MAX_DECIMAL = Decimal(10) ** 14  # DecimalField(max_digits=16, decimal_places=2)
MAX_INTEGER = 2_147_483_647
CENT = Decimal("0.01")
YEARS = (1900, 2100)
FORMULA_STARTS = ("=", "+", "-", "@")  # a cell starting so that is not a number would run in a spreadsheet
LIST_SEPARATORS = re.compile(r"[;；、,，|]")
HEADER_NOISE = re.compile(r"[\s_\-*（）()：:]")

logger = logging.getLogger(__name__)


class FileRefused(Exception):
    """The upload is not a file we can read; the message says why."""


class CellError(Exception):
    """A cell's value is not valid; the message says why."""


def _without_cyclic_gc(function):
    """Run `function` with Python's cycle collector paused: reading, checking and writing a file allocate millions
    of small objects and no reference cycles, which the collector would only walk over and over."""

    @wraps(function)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run


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
    numbers: list[int]  # each row's number as a spreadsheet shows it (the header is row 1)
    rows: list[list[str]]  # the cells of each row that is not blank


@_without_cyclic_gc
def read_table(file_format: str, data: bytes) -> Table:
    if file_format == XLSX:
        _check_workbook(data)
        return _read_workbook(data)
    return _read_csv(decode_text(data))


def _table(headers, rows, first=2) -> Table:
    """Drop blank rows, keeping the numbers of the others."""
    if all(map(any, rows)):
        return Table(headers=headers, numbers=list(range(first, first + len(rows))), rows=rows)
    kept = [(number, cells) for number, cells in enumerate(rows, start=first) if any(cells)]
    return Table(headers=headers, numbers=[number for number, _cells in kept], rows=[cells for _n, cells in kept])


def _read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader, None)
        rows = list(reader)
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file cannot be read near line %(line)s: %(error)s")
            % {
                "line": reader.line_num,
                "error": exc,
            }
        ) from exc
    return _table([str(h) for h in headers or []], rows)


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
        rows = [[_xlsx_text(value) for value in raw] for raw in values]
    except Exception as exc:  # noqa: BLE001
        raise FileRefused(_("The workbook is damaged and cannot be opened.")) from exc
    finally:
        workbook.close()
    return _table([_xlsx_text(h) for h in header], rows)


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
    if len(cell) < 2 or cell[0] not in FORMULA_STARTS:
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


# Column checks: each takes the cells of one column as read and returns (values, problems), the problems being
# (row index, message) in row order and the value of a refused cell None. Most columns hold few distinct values
# (kinds, yes/no, regions, chain links): each distinct cell is checked once. Credit codes and plain numbers are checked
# for the whole column at once; anything else goes through the cell parsers above. A cell that looks like a formula
# is refused as such, whatever else it is.

NOT_PLAIN_DECIMAL = re.compile(r"^(?!(?:[0-9]{1,14}(?:\.[0-9]{1,2})?)?$)", re.MULTILINE)  # < MAX_DECIMAL, cents
NOT_PLAIN_INTEGER = re.compile(r"^(?![0-9]{0,9}$)", re.MULTILINE)  # < MAX_INTEGER


def _formula_message(cell):
    return _("The cell starts like a formula (“%(start)s…”) and is refused; enter plain values only.") % {
        "start": cell[:20]
    }


def _refuse_formulas(cells, values, problems, joined):
    """Refuse the formula-looking cells of a column checked as a whole; `joined` is "\n".join(cells)."""
    if not (joined.startswith(FORMULA_STARTS) or any(f"\n{start}" in joined for start in FORMULA_STARTS)):
        return values, problems  # substring searches: no loop over the cells
    formulas = {index: _formula_message(cell) for index, cell in enumerate(cells) if looks_like_formula(cell)}
    if not formulas:
        return values, problems
    for index in formulas:
        values[index] = None
    return values, sorted([*formulas.items(), *(problem for problem in problems if problem[0] not in formulas)])


def each_distinct(parse):
    """A column check from a cell parser: every distinct cell is checked once."""

    def check(cells):
        parsed, refused = {}, {}
        for raw in set(cells):
            cell = raw.strip()
            if looks_like_formula(cell):
                refused[raw] = _formula_message(cell)
                continue
            try:
                parsed[raw] = parse(cell)
            except CellError as exc:
                refused[raw] = str(exc)
        problems = [(index, refused[raw]) for index, raw in enumerate(cells) if raw in refused] if refused else []
        return list(map(parsed.get, cells)), problems

    return check


def text_column(max_length):
    def check(cells):
        cells = list(map(str.strip, cells))
        if max(map(len, cells), default=0) <= max_length:
            return _refuse_formulas(cells, list(cells), [], "\n".join(cells))
        return each_distinct(parse_text(max_length))(cells)

    return check


def _plain(pattern, cells):
    """True when every cell is empty or matches the pattern's plain form (no spaces around, no line breaks within).
    Such a cell cannot be a formula."""
    joined = "\n".join(cells)
    return joined.count("\n") == len(cells) - 1 and not pattern.search(joined)


def _convert(convert, cells):
    if "" in cells:
        return [convert(cell) if cell else None for cell in cells]
    return list(map(convert, cells))


def decimal_column(cells):
    if _plain(NOT_PLAIN_DECIMAL, cells):
        return _convert(Decimal, cells), []
    return each_distinct(parse_decimal)(cells)


def integer_column(cells):
    if _plain(NOT_PLAIN_INTEGER, cells):
        return _convert(int, cells), []
    return each_distinct(parse_integer)(cells)


def year_column(cells):
    values, problems = integer_column(cells)
    first, last = YEARS
    if problems or any(value is not None and not first <= value <= last for value in values):
        return each_distinct(parse_year)(cells)
    return values, problems


_USCC_LOOKUP = np.full(256, -1, dtype=np.int64)
_USCC_LOOKUP[np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(len(USCC_ALPHABET))
_USCC_CHARACTERS = np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)
_USCC_WEIGHTS = np.array(USCC_WEIGHTS, dtype=np.int64)


def valid_credit_codes(codes: list[str]) -> np.ndarray:
    """`is_valid_credit_code` of every compacted code at once (tests check it agrees with `stdnum.cn.uscc`)."""
    valid = np.zeros(len(codes), dtype=bool)
    text = "".join(codes)
    if text.isascii() and min(map(len, codes), default=0) == max(map(len, codes), default=0) == 18:
        index = np.arange(len(codes))
    else:
        shaped = np.fromiter((len(code) == 18 and code.isascii() for code in codes), dtype=bool, count=len(codes))
        index = np.flatnonzero(shaped)
        if not index.size:
            return valid
        text = "".join([codes[i] for i in index])
    characters = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    values = _USCC_LOOKUP[characters[:, :17]]
    digits = characters[:, :8]
    well_formed = (values >= 0).all(axis=1) & ((digits >= ord("0")) & (digits <= ord("9"))).all(axis=1)
    check = _USCC_CHARACTERS[(31 - values @ _USCC_WEIGHTS) % 31]
    valid[index] = well_formed & (check == characters[:, 17])
    return valid


def credit_code_column(cells):
    """Compacted codes; a code the whole-column check refuses goes to `parse_credit_code` (stdnum words why)."""
    cells = list(map(str.strip, cells))
    joined = "\n".join(cells)
    if " " in joined or "-" in joined or joined != joined.upper():
        codes = list(map(compact_credit_code, cells))
    else:
        codes = list(cells)  # already compact
    problems = []
    for index in np.flatnonzero(~valid_credit_codes(codes)).tolist():
        try:
            codes[index] = parse_credit_code(cells[index])
        except CellError as exc:
            codes[index] = None
            problems.append((index, str(exc)))
    return _refuse_formulas(cells, codes, problems, joined)  # "-9132…" compacts to a code but is refused


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
        "credit_code": credit_code_column,
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
        "joined_year": year_column,
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
        first_row, duplicates = {}, []
        for index, code in enumerate(codes):
            if code is not None and first_row.setdefault(code, index) != index:
                duplicates.append(
                    (
                        index,
                        _("Credit code %(code)s also appears in row %(row)s.")
                        % {"code": code, "row": table.numbers[first_row[code]]},
                    )
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
        "source_credit_code": each_distinct(parse_member),
        "target_credit_code": each_distinct(parse_member),
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
    first_row, duplicates = {}, []
    for index, key in enumerate(keys):
        if index not in refused and first_row.setdefault(key, index) != index:
            duplicates.append(
                (
                    index,
                    _("The same collaboration (members, kind and year) is in row %(row)s.")
                    % {"row": table.numbers[first_row[key]]},
                )
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


# Writing ------------------------------------------------------------------------------------------------------------


def _use_copy(method):
    return method == "copy" or (method is None and connection.vendor == "postgresql")


def _quote(name):
    return connection.ops.quote_name(name)


def _column_types(model, columns):
    """PostgreSQL type names of the columns, for binary COPY (no text parsing on the server)."""
    return [re.sub(r"\(.*\)", "", model._meta.get_field(column).db_type(connection)).strip() for column in columns]


class _Tally:
    """Turns rows written into the share of the write step done, for `on_progress`. A write of one chunk or less
    reports nothing (the job's own start and end say enough)."""

    def __init__(self, on_progress, total):
        self.on_progress = on_progress if total > PROGRESS_EVERY else None
        self.total, self.done = max(total, 1), 0

    def add(self, rows):
        self.done += rows
        if self.on_progress is not None and rows:
            self.on_progress(min(1.0, self.done / self.total))


def _copy_rows(cursor, model, columns, rows, table=None, tally=None):
    """COPY rows (tuples in the order of `columns`) into the model's table, or `table` shaped like it."""
    names = ", ".join(_quote(column) for column in columns)
    sql = f"COPY {_quote(table or model._meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)"
    with cursor.cursor.copy(sql) as copy:
        copy.set_types(_column_types(model, columns))
        write, done = copy.write_row, 0
        for done, row in enumerate(rows, start=1):  # noqa: B007 - `done` counts the rows after the loop
            write(row)
            if tally is not None and not done % PROGRESS_EVERY:
                tally.add(PROGRESS_EVERY)
    if tally is not None:
        tally.add(done % PROGRESS_EVERY)


def _reserve_ids(cursor, model, count):
    """Take `count` ids from the table's identity sequence, so that new rows and their links go in by COPY."""
    if not count:
        return []
    table = model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [_quote(table), count]
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_update(cursor, model, fields, rows, now=None, tally=None):
    """UPDATE the model's table SET fields FROM a temporary table filled by COPY; rows are (id, *values)."""
    table = model._meta.db_table
    temporary = f"_import_{table}"
    columns = ", ".join(_quote(f) for f in fields)
    cursor.execute(f"DROP TABLE IF EXISTS {_quote(temporary)}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_quote(temporary)} ON COMMIT DROP AS "
        f"SELECT id, {columns} FROM {_quote(table)} WITH NO DATA"
    )
    _copy_rows(cursor, model, ["id", *fields], rows, table=temporary, tally=tally)
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


def _lock_cluster(cluster):
    """One import per cluster at a time. FOR NO KEY UPDATE: other writers may still add rows that refer to the
    cluster (their foreign-key checks take KEY SHARE), only another import waits."""
    Cluster.objects.select_for_update(no_key=True).filter(pk=cluster.pk).first()


@_without_cyclic_gc
def write_members(*, cluster: Cluster, outcome: Outcome, method=None, on_progress=None) -> tuple[int, int]:
    """Write every validated member in the current transaction: create new credit codes, update known ones.

    `method`: "copy" (PostgreSQL COPY), "orm" (bulk_create / bulk_update) or None (COPY on PostgreSQL).
    When the file has the chain-links column, it sets each row's chain links (an updated member's old ones go).
    `on_progress(share)` is called as rows go out (COPY only)."""
    _lock_cluster(cluster)
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
    known_links, gone, added = [], [], []  # members whose links change; (member, link) pairs to delete and to add
    if sets_links and known:
        current_links = defaultdict(set)
        for member_id, link in through.objects.filter(member__cluster=cluster).values_list("member_id", "chainlink_id"):
            current_links[member_id].add(link)
        for member_id, _record, links in known:
            wanted, present = set(links), current_links.get(member_id, set())
            if wanted != present:
                known_links.append((member_id, links))
                gone += [(member_id, link) for link in sorted(present - wanted)]
                added += [(member_id, link) for link in links if link not in present]
    if _use_copy(method):
        pairs = sum(len(links) for _record, links in new) if sets_links else 0
        tally = _Tally(on_progress, len(new) + len(changed) + pairs + len(added))
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
                tally=tally,
            )
            if changed:
                _copy_update(cursor, Member, update_fields, ((i, *v) for i, v in changed), now=now, tally=tally)
            if gone:
                cursor.execute(
                    f"DELETE FROM {_quote(through._meta.db_table)} WHERE (member_id, chainlink_id) IN "
                    "(SELECT * FROM unnest(%s::bigint[], %s::bigint[]))",
                    [[i for i, _link in gone], [link for _i, link in gone]],
                )
            if sets_links:
                links_of_new = ((i, link) for i, (_record, links) in zip(new_ids, new, strict=True) for link in links)
                _copy_rows(cursor, through, ["member_id", "chainlink_id"], chain(links_of_new, added), tally=tally)
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
        through.objects.filter(member_id__in=[member_id for member_id, _links in known_links]).delete()
        pairs = [(m.pk, link) for m, (_record, links) in zip(created, new, strict=True) for link in links]
        pairs += [(i, link) for i, links in known_links for link in links]
        through.objects.bulk_create([through(member_id=i, chainlink_id=link) for i, link in pairs], batch_size=2000)
    return len(new), len(known)


@_without_cyclic_gc
def write_collaborations(*, cluster: Cluster, outcome: Outcome, method=None, on_progress=None) -> tuple[int, int]:
    """Write every validated collaboration; one with the same members, kind and year is updated (its value)."""
    _lock_cluster(cluster)
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
        tally = _Tally(on_progress, len(new) + (len(known) if sets_value else 0))
        with connection.cursor() as cursor:
            _copy_rows(
                cursor,
                Collaboration,
                ["cluster_id", *COLLABORATION_FIELDS],
                ((cluster.pk, *record) for record in new),
                tally=tally,
            )
            if known and sets_value:
                _copy_update(cursor, Collaboration, ["value"], known, tally=tally)
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
    """Check the upload, record the job, and once that commits store the file and queue the job. Bad files change
    nothing, and a creation that rolls back leaves no file behind."""
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
    job.file.name = job.file.field.generate_filename(job, f"{uuid.uuid4().hex}.{file_format}")
    job.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _store_and_queue(job, data, run_import, language))
    return job


def _store_and_queue(job: ImportJob, data: bytes, task, language):
    """After the job's row commits: store its file under the name the row holds, then queue it."""
    try:
        stored = job.file.storage.save(job.file.name, ContentFile(data))
    except Exception:  # noqa: BLE001 - a full or unreachable storage: the job says so instead of waiting forever
        logger.exception("The file of import %s could not be stored", job.pk)
        with translation.override(language):
            message = _("The uploaded file could not be stored. Upload it again.")
            _record(job, report=[{"row": 1, "column": "", "message": message}])
            job.fail(message)
        return
    if stored != job.file.name:
        _record(job, file=stored)
    task.delay(job.pk, language)


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


@receiver(post_delete, sender=ImportJob, dispatch_uid="clusters.imports.delete_import_file")
def delete_import_file(sender, instance: ImportJob, using, **kwargs):
    """A deleted import's file goes once the deletion commits, unless another import (the dry run of a commit, or the
    commit of a dry run) still holds it."""
    name, storage = instance.file.name, instance.file.storage
    if not name:
        return

    def delete():
        if not unscoped(ImportJob).using(using).filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete, using=using)


def _record(job: ImportJob, **fields):
    """Store result fields of the job at once (a plain UPDATE, like Job's own status changes)."""
    for name, value in fields.items():
        setattr(job, name, value)
    unscoped(ImportJob).filter(pk=job.pk).update(**fields)


PROGRESS_SECONDS = 0.5  # at most two progress updates a second (the page polls every second)


class _Progress:
    """Moves the job's progress bar from `start` to `end` percent as a step goes (`progress(share)`, share 0…1).

    `apart`: through a connection of its own. The write step's transaction shows nothing to other connections until
    it commits, yet its progress must show while it writes; the import's transaction never touches the job row
    before the step ends, so the two never wait for each other. Best effort: a failure stops the updates, not the
    import. (Elsewhere than on PostgreSQL the write step shows no progress.)"""

    def __init__(self, job: ImportJob, start, end, message, *, apart=False):
        self.job, self.start, self.end, self.message = job, start, end, str(message)[:500]
        self.apart, self.connection = apart, None
        self.enabled = not apart or connection.vendor == "postgresql"
        self.shown, self.at = None, 0.0

    def __call__(self, share):
        percent = int(self.start + (self.end - self.start) * min(max(share, 0.0), 1.0))
        now = time.monotonic()
        if not self.enabled or percent == self.shown or now - self.at < PROGRESS_SECONDS:
            return
        self.shown, self.at = percent, now
        if not self.apart:
            self.job.set_progress(percent, self.message)
            return
        try:
            if self.connection is None:
                self.connection = connections.create_connection(self.job._state.db or DEFAULT_DB_ALIAS)
                with self.connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {_quote(ImportJob._meta.db_table)} SET progress = %s, message = %s WHERE id = %s",
                    [percent, self.message, self.job.pk],
                )
        except DatabaseError:
            logger.warning("The progress of import %s could not be stored", self.job.pk, exc_info=True)
            self.enabled = False

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


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
    outcome = VALIDATORS[job.kind](table, cluster=job.cluster, on_progress=_Progress(job, 5, 30, _("Checking rows…")))
    del table  # the cells are no longer needed while writing
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
    writing = _("Writing %(rows)s rows…") % {"rows": outcome.rows}
    job.set_progress(30, writing)
    progress = _Progress(job, 30, 99, writing, apart=True)
    try:
        with transaction.atomic():
            created, updated = WRITERS[job.kind](
                cluster=job.cluster, outcome=outcome, method=method, on_progress=progress
            )
            _record(job, rows=outcome.rows, report=[], created_rows=created, updated_rows=updated)
            job.succeed(
                _("Imported %(rows)s rows: %(created)s created, %(updated)s updated.")
                % {
                    "rows": outcome.rows,
                    "created": created,
                    "updated": updated,
                }
            )
    finally:
        progress.close()


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
