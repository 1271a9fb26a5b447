"""Excel and CSV exports with formula-injection escaping (OWASP "CSV injection").

A spreadsheet treats a text cell that starts with = + - @ (or a tab or carriage
return before one of them) as a formula. Text written by users (a source, a name)
must never run as one, so every text cell goes through `excel_safe`, which puts an
apostrophe in front: Excel then shows the text as it was typed. Numbers, dates and
booleans are written as numbers, never with an exponent ("1E+2", which Decimal.normalize() makes): a Decimal goes
into a workbook as a plain number and into a CSV file as its digits ("100", "0.0000001").
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def excel_safe(value):
    """A value that a spreadsheet will show, never evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return without_exponent(value)
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    if isinstance(value, str):
        return value
    return excel_safe(str(value))  # lazy translations, model instances


def without_exponent(value: Decimal) -> Decimal:
    """The same number without a positive exponent: Decimal("1E+2") → Decimal("100")."""
    return value.quantize(Decimal(1)) if value.is_finite() and value.as_tuple().exponent > 0 else value


def csv_cell(value):
    """A cell as a CSV file holds it: numbers as plain digits (never "1E+2" nor "1e-07"), None as nothing."""
    value = excel_safe(value)
    if value is None:
        return ""
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    if isinstance(value, float) and "e" in repr(value):
        return format(Decimal(repr(value)), "f")
    return value


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """A workbook of (title, header, rows) sheets; every cell escaped; the header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        values = [excel_safe(cell) for cell in header]
        sheet.append(values)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        widths = [None] * len(values)  # the longest value of each column, read as the rows go in (no pass over cells)
        _widen(widths, values)
        for row in rows:
            values = [excel_safe(cell) for cell in row]
            sheet.append(values)
            _widen(widths, values)
        for index, width in enumerate(widths, start=1):
            width = 8 if width is None else width
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _widen(widths, values):
    """Widen `widths` (the longest value of each column so far, None for none) to a row's values."""
    if len(values) > len(widths):
        widths.extend([None] * (len(values) - len(widths)))
    for index, value in enumerate(values):
        if value is not None:
            length = len(str(value))
            if widths[index] is None or length > widths[index]:
                widths[index] = length


def csv_text(header: Sequence, rows: Iterable[Sequence]) -> str:
    """CSV with a UTF-8 byte-order mark, so that Excel in China opens it in the right encoding."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def xlsx_response(sheets, filename: str) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE), filename)


def csv_response(header, rows, filename: str) -> HttpResponse:
    return _attachment(HttpResponse(csv_text(header, rows).encode("utf-8"), content_type=CSV_CONTENT_TYPE), filename)


def _attachment(response, filename):
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sheet_title(title):
    """Excel sheet titles: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Sheet")[:31]


def local_time(moment) -> str:
    """A moment as the pages show it, in the local time zone ("2024-05-01 09:30"); empty for none."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
