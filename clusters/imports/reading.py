"""Reading an uploaded import file: the upload checks (size, extension, magic bytes), the text encodings of a
CSV and the first sheet of an XLSX workbook, turned into a `Table` of text cells."""

import codecs
import csv
import gc
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import wraps

from django.conf import settings
from django.utils.translation import gettext as _

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
