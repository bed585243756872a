"""Reading staff lists from XLSX or CSV, and writing cells safely: no database.

Formulas are never evaluated: the workbook is opened with `data_only=False`, so a
formula cell reads as its text ("=HYPERLINK(...)"), and every text cell starting
with `=`, `+`, `-` or `@` is refused by the import (`FORMULA_PREFIXES`). Exports
neutralise such cells with a leading apostrophe (`cell_safe`).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 30  # a staff list has a handful; more is read as no more than this
MAX_CELL_CHARS = 500


class UnreadableFile(ValueError):
    """The upload is not a readable XLSX or CSV file; `code` says why:
    "format", "too_big", "too_many_rows", "empty"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str | None]]]  # (row number as shown, cells)


def cell_safe(value: object) -> object:
    """A value for an exported cell: text that a spreadsheet would run as a
    formula gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)[:MAX_CELL_CHARS]


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    from training.archives import UnsafeArchive, zip_upload_check

    try:
        zip_upload_check(data)
    except UnsafeArchive as unsafe:
        raise UnreadableFile(unsafe.code) from unsafe
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise UnreadableFile("format") from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise UnreadableFile("too_many_rows")
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise UnreadableFile("format")
    if "\x00" in text:
        raise UnreadableFile("format")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableFile("format") from error
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile("too_many_rows")
    return rows


def sheet_read(*, filename: str, data: bytes) -> Sheet:
    """The first sheet of an .xlsx, or a .csv (UTF-8 or Windows-1252, comma or
    semicolon), as header and rows of text. Raises `UnreadableFile`."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile("too_big")
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith(".csv"):
        raw = _csv_rows(data)
    else:
        raise UnreadableFile("format")
    raw = [[_cell_text(value) for value in row] for row in raw]
    skipped = 0
    while raw and not any((value or "").strip() for value in raw[0]):
        raw.pop(0)  # leading empty rows: the header is the first row with text
        skipped += 1
    if not raw:
        raise UnreadableFile("empty")
    header = [(value or "").strip() for value in raw[0]]
    while header and not header[-1]:
        header.pop()
    first_data_row = skipped + 2  # spreadsheet rows count from 1
    rows = [(first_data_row + index, row) for index, row in enumerate(raw[1:])]
    return Sheet(header=header, rows=rows)
