"""Reading an uploaded import file: the upload checks (size, extension, magic bytes), the text encodings of a
CSV and its separator, the sheet of an XLSX workbook, and the header row under any title rows, turned into a `Table`
of text cells."""

import codecs
import csv
import gc
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from itertools import chain, islice

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import normalise_header

CSV, XLSX = "csv", "xlsx"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
XLSX_MAX_UNPACKED_RATIO = 20  # a workbook unpacking to more than 20× its size is refused (zip bomb)
logger = logging.getLogger(__name__)


class FileRefused(Exception):
    """The upload is not a file we can read; the message says why."""


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

HEADER_SEARCH_ROWS = 10  # the header is looked for in the first rows of a sheet or file (title rows above it)
SEPARATORS = {",": gettext_lazy("comma"), ";": gettext_lazy("semicolon"), "\t": gettext_lazy("tab")}


@dataclass
class Table:
    headers: list[str]
    numbers: list[int]  # each row's number as a spreadsheet shows it
    rows: list[list[str]]  # the cells of each row that is not blank
    header_row: int = 1  # the number of the header's (last) row
    source: str = ""  # what was read: the sheet or the separator, and where the header is
    numeric: dict = field(default_factory=dict)  # {(row index, column index): cell as given}: numbers in text columns


@dataclass(frozen=True)
class Header:
    """The columns a file may have (`names`: normalised header -> column) and how to write names (`normalise`)."""

    names: dict
    normalise: Callable
    expected: str  # the required columns, as a message names them
    text_columns: frozenset = frozenset()  # keys of the columns whose cells must be text (codes)

    def score(self, cells) -> int:
        return len({self.names[name] for name in map(self.normalise, cells) if name in self.names})


def header_of(columns) -> Header:
    names = {name: column.key for column in columns for name in column.names()}
    expected = "、".join(column.display for column in columns if column.required)
    text = frozenset(column.key for column in columns if column.as_text)
    return Header(names=names, normalise=normalise_header, expected=expected, text_columns=text)


@_without_cyclic_gc
def read_table(file_format: str, data: bytes, columns=None) -> Table:
    """The table of the file. With `columns` (wording.MEMBER_COLUMNS…), the header is looked for in the first rows
    (under title rows; a two-row grouped header is flattened), a CSV's separator is detected and an XLSX's sheet
    chosen; without, the first row is the header, the separator a comma and the sheet the first one."""
    header = header_of(columns) if columns is not None else None
    if file_format == XLSX:
        _check_workbook(data)
        return _read_workbook(data, header)
    return _read_csv(decode_text(data), header)


def _table(headers, rows, first=2, numeric=None) -> Table:
    """Drop blank rows, keeping the numbers of the others (and the cells of `numeric`, by row index)."""
    numeric = numeric or {}
    if all(map(any, rows)):
        return Table(headers=headers, numbers=list(range(first, first + len(rows))), rows=rows, numeric=numeric)
    kept = [(index, cells) for index, cells in enumerate(rows) if any(cells)]
    at = {index: position for position, (index, _cells) in enumerate(kept)}
    return Table(
        headers=headers,
        numbers=[first + index for index, _cells in kept],
        rows=[cells for _i, cells in kept],
        numeric={(at[row], column): given for (row, column), given in numeric.items() if row in at},
    )


def find_header(head: list[list[str]], header: Header | None):
    """(index of the header's first row, header cells, rows it spans) among the first rows, or None.

    The row that names most known columns wins; a row over the next one is a two-row grouped header when the two
    together name more (each column takes its lower cell, its upper one where the lower is empty — a group or a
    vertically merged cell — or both joined when only that names a column)."""
    if header is None:
        return (0, head[0], 1) if head else None
    head = head[:HEADER_SEARCH_ROWS]
    scores = [header.score(cells) for cells in head]
    best, found = 0, None
    for index, cells in enumerate(head):
        if scores[index] > best:
            best, found = scores[index], (index, cells, 1)
        if index + 1 < len(head):
            joined = _flatten(cells, head[index + 1], header)
            score = header.score(joined)
            if score > best and score > scores[index + 1]:  # else the lower row alone is the header
                best, found = score, (index, joined, 2)
    return found


def _flatten(upper, lower, header: Header):
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    group, cells = "", []
    for above, below in zip(upper, lower, strict=True):
        group = above.strip() or group  # a merged group cell holds its text in its first column only
        below = below.strip()
        if not below:
            cells.append(above)
        elif header.normalise(below) not in header.names and header.normalise(group + below) in header.names:
            cells.append(group + below)
        else:
            cells.append(below)
    return cells


def _rows_word(first, depth):
    if depth == 1:
        return _("header on row %(row)s") % {"row": first}
    return _("two-row header on rows %(first)s–%(last)s") % {"first": first, "last": first + depth - 1}


def _read_csv(text: str, header: Header | None) -> Table:
    separator = _separator(text, header) if header is not None else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file cannot be read near line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc
    if not any(map(any, rows)):
        return _table([], [])
    found = find_header(rows[:HEADER_SEARCH_ROWS], header)
    if found is None:
        raise FileRefused(
            _(
                "No header row found in rows 1–%(last)s of the file: expected a row with the column names "
                "%(columns)s (see the template)."
            )
            % {"last": HEADER_SEARCH_ROWS, "columns": header.expected}
        )
    index, cells, depth = found
    table = _table([str(h) for h in cells], rows[index + depth :], first=index + depth + 1)
    table.header_row = index + depth
    if header is not None:
        table.source = _("CSV file, columns separated by %(separator)s (“%(sign)s”), %(header)s") % {
            "separator": SEPARATORS[separator],
            "sign": "\\t" if separator == "\t" else separator,
            "header": _rows_word(index + 1, depth),
        }
    return table


def _separator(text, header: Header) -> str:
    """The separator whose split of the first lines names most known columns; else csv.Sniffer's; else a comma."""
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS * 2])
    best, chosen = 0, None
    for separator in SEPARATORS:
        try:
            head = list(islice(csv.reader(io.StringIO(sample), delimiter=separator), HEADER_SEARCH_ROWS))
        except csv.Error:
            continue
        found = find_header(head, header)
        score = header.score(found[1]) if found else 0
        if score > best:
            best, chosen = score, separator
    if chosen is not None:
        return chosen
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        return ","


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


def _read_workbook(data: bytes, header: Header | None) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        raise FileRefused(_("The workbook is damaged and cannot be opened.")) from exc
    try:
        return _read_sheets(workbook, header)
    except FileRefused:
        raise
    except Exception as exc:  # noqa: BLE001
        raise FileRefused(_("The workbook is damaged and cannot be opened.")) from exc
    finally:
        workbook.close()


def _sheets_in_order(workbook, header):
    """The sheets to try: without `header` the first sheet; else the active sheet if it is visible, then every
    other visible sheet in order. A hidden sheet is never read."""
    if header is None:
        return workbook.worksheets[:1]
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    active = workbook.active
    if active in visible:
        visible.remove(active)
        visible.insert(0, active)
    return visible


def _read_sheets(workbook, header: Header | None) -> Table:
    sheets = _sheets_in_order(workbook, header)
    if not sheets:
        raise FileRefused(_("The workbook has no visible sheet."))
    blank = True
    for sheet in sheets:
        sheet.reset_dimensions()  # some writers store wrong dimensions; read every row
        values = sheet.iter_rows(values_only=True)
        head_raw = list(islice(values, HEADER_SEARCH_ROWS))
        head = [[_xlsx_text(value) for value in raw] for raw in head_raw]
        if not any(map(any, head)):
            continue  # an empty sheet
        blank = False
        found = find_header(head, header)
        if found is None:
            continue
        index, cells, depth = found
        text_columns = [
            position
            for position, name in enumerate(cells)
            if header is not None and header.names.get(header.normalise(name)) in header.text_columns
        ]
        numeric = {}
        rows = []
        for position, raw in enumerate(chain(head_raw[index + depth :], values)):
            rows.append([_xlsx_text(value) for value in raw])
            for column in text_columns:
                value = raw[column] if column < len(raw) else None
                if isinstance(value, int | float) and not isinstance(value, bool):
                    numeric[(position, column)] = repr(value)
        table = _table([_xlsx_text(h) for h in cells], rows, first=index + depth + 1, numeric=numeric)
        table.header_row = index + depth
        if header is not None:
            table.source = _("sheet “%(sheet)s”, %(header)s") % {
                "sheet": sheet.title,
                "header": _rows_word(index + 1, depth),
            }
        return table
    if blank or header is None:
        return _table([], [])
    names = "、".join(f"“{sheet.title}”" for sheet in sheets)
    raise FileRefused(
        _(
            "No header row found in rows 1–%(last)s of sheet %(sheets)s: expected a row with the column names "
            "%(columns)s (see the template). Hidden sheets are not read."
        )
        % {"last": HEADER_SEARCH_ROWS, "sheets": names, "columns": header.expected}
    )
