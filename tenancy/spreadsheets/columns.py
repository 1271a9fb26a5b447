"""The columns of an import file (English key, Chinese header, accepted aliases, example) and the template files
offered for download: the Chinese headers and one example row."""

import codecs
import csv
import io
import re
from dataclasses import dataclass

HEADER_NOISE = re.compile(r"[\s_\-*（）()：:]")


@dataclass(frozen=True)
class Column:
    key: str  # the English header, and the parser's name
    label: str  # the Chinese header of the template files
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    as_text: bool = False  # a code: a number cell (Excel's conversion, perhaps rounded) is refused

    def names(self):
        return {normalise_header(name) for name in (self.key, self.label, *self.aliases)}

    @property
    def display(self):
        return f"{self.label} ({self.key})"


def normalise_header(header) -> str:
    return HEADER_NOISE.sub("", str(header)).lower()


def template_rows(columns) -> list[list[str]]:
    """The Chinese headers and one example row."""
    return [[column.label for column in columns], [column.example for column in columns]]


def template_csv(columns) -> bytes:
    """A CSV in UTF-8 with BOM (Excel opens it with the right encoding)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(template_rows(columns))
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(columns, title: str) -> bytes:
    """A workbook of one sheet named `title`, every cell formatted as text (codes like 320100 stay as typed)."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    header, example = template_rows(columns)
    sheet.append(header)
    sheet.append(example)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.label) * 2 + 2)
        for row in (1, 2):
            sheet.cell(row=row, column=index).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
