"""The spreadsheet format of the question bank, shared by import and export.

One row per question, one column per field (``COLUMNS``). Cells holding
several parts use one line per part:

- ``options``: ``[x] text | feedback`` for a right option, ``[ ] text | feedback``
  for a wrong one (the feedback part is optional);
- ``items``: the items of an ordering question, in the right order;
- ``pairs``: ``prompt => match``;
- ``accepted_answers`` and ``sources``: one per line; ``tags``: comma-separated.

Exported cells that a spreadsheet would run as a formula (starting with
``= + - @``, tab or carriage return) get a leading apostrophe; the import takes
it off again.
"""

import csv
import io
import re

from openpyxl import Workbook, load_workbook

from training.archives import UnsafeArchive, zip_upload_check

COLUMNS = (
    "key",
    "category",
    "type",
    "text",
    "case_based",
    "options",
    "correct",
    "accepted_answers",
    "items",
    "pairs",
    "partial_credit",
    "weight",
    "explanation",
    "feedback_correct",
    "feedback_incorrect",
    "sources",
    "tags",
)
REQUIRED_COLUMNS = ("key", "category", "type", "text")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OPTION_LINE = re.compile(r"^\[\s*([xX]?)\s*\]\s*(.*?)\s*(?:\|\s*(.*))?$")
PAIR_SEPARATOR = "=>"
MAX_ROWS = 2_000
MAX_FILE_BYTES = 5 * 1024 * 1024


class UnreadableFile(ValueError):
    """The upload is no CSV or XLSX file this module can read."""


def neutralise(value: object) -> object:
    """Keep a spreadsheet from running a cell as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def read_rows(*, name: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV (comma or semicolon) or XLSX upload, every
    cell a string. Raises ``UnreadableFile``."""
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile("too_large")
    if name.lower().endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.lower().endswith(".csv"):
        rows = _read_csv(content)
    else:
        raise UnreadableFile("unknown_format")
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFile("empty")
    header = [cell.strip().lower() for cell in rows[0]]
    return header, [[unneutralise(cell) for cell in row] for row in rows[1:]]


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("encoding") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:
        raise UnreadableFile("csv") from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        zip_upload_check(content)
    except UnsafeArchive as unsafe:
        raise UnreadableFile(
            "unpacks_too_large" if unsafe.code == "too_big" else "xlsx"
        ) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise UnreadableFile("xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 10):
            rows.append([_cell_text(cell) for cell in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list[object]], *, title: str = "Vragen") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def option_line(*, text: str, correct: bool, feedback: str) -> str:
    line = f"[{'x' if correct else ' '}] {text}"
    return f"{line} | {feedback}" if feedback else line


def parse_option_line(line: str) -> dict | None:
    match = OPTION_LINE.match(line.strip())
    if match is None:
        return None
    return {
        "text": match.group(2).strip(),
        "correct": bool(match.group(1)),
        "feedback": (match.group(3) or "").strip(),
    }


def parse_pair_line(line: str) -> dict | None:
    if PAIR_SEPARATOR not in line:
        return None
    prompt, match = line.split(PAIR_SEPARATOR, 1)
    return {"prompt": prompt.strip(), "match": match.strip()}


def lines(cell: str) -> list[str]:
    return [
        line.strip() for line in cell.replace("\r\n", "\n").split("\n") if line.strip()
    ]
