"""The manual routes (issue 15): per course and register, the registration
numbers of consenting learners who completed it and the date they did, as CSV or
XLSX, for a provider without PE-online's web service (pasted into PE-online's
attendance import) and for SKJ (entered in Mijn SKJ).

Columns, in this order: registration number, completion date, the register's
course number, the module (empty for the whole course). PE-online's import takes
a list of numbers copied from a spreadsheet column, so the number comes first
and stands alone in its column; the date follows because e-learning attendance
is recorded per participant with its own end date (docs/decisions.md).

Rows come from the attendance records (they exist only for a learner who
consented, had a number and completed inside the accreditation period), minus
withdrawn ones and minus learners who no longer consent today; the number is the
learner's current one (a number corrected after a rejection is the one to paste).
Text a spreadsheet would run as a formula gets a leading apostrophe."""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.spreadsheets import cell_safe
from registers.models import AttendanceRecord, RecordStatus, Register, RegisterNumber

CSV_DELIMITER = ";"  # what Dutch spreadsheets split on when they open a CSV file
DATE_FORMAT = "%d-%m-%Y"
XLSX_DATE_FORMAT = "DD-MM-YYYY"
CHUNK = 2000


def export_records(
    *,
    course_id: int,
    register: Register,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[AttendanceRecord]:
    """The records to export, oldest completion first, each annotated with the
    learner's current number (``current_number``) for this register."""
    consenting = RegisterNumber.objects.filter(
        user=OuterRef("user"), register=OuterRef("register"), consent_to_register=True
    )
    records = (
        AttendanceRecord.objects.filter(course_id=course_id, register=register)
        .exclude(status=RecordStatus.WITHDRAWN)
        .filter(Exists(consenting))
        .annotate(current_number=Subquery(consenting.values("number")[:1]))
        .select_related("module")
        .order_by("end_date", "pk")
    )
    if start is not None:
        records = records.filter(end_date__date__gte=start)
    if end is not None:
        records = records.filter(end_date__date__lte=end)
    return records


def export_header() -> list[str]:
    return [
        _("Registratienummer"),
        _("Afgerond op"),
        _("Cursusnummer bij het register"),
        _("Module"),
    ]


def export_rows(records: QuerySet[AttendanceRecord]) -> Iterator[list]:
    """Header, then one row per record: number, completion date (a date in the
    site's time zone), course number, module number or title."""
    yield export_header()
    for record in records.iterator(chunk_size=CHUNK):
        module = ""
        if record.module_id is not None:
            module = record.register_module_id or (
                record.module.title if record.module else ""
            )
        yield [
            cell_safe(record.current_number),
            timezone.localtime(record.end_date).date(),
            cell_safe(record.register_course_id or record.external_course_id),
            cell_safe(module),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list]) -> Iterator[str]:
    """CSV text line by line (semicolons, dates as dd-mm-jjjj), with a
    byte-order mark so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(
            [
                value.strftime(DATE_FORMAT)
                if isinstance(value, datetime.date)
                else value
                for value in row
            ]
        )


def xlsx_file(rows: Iterator[list], *, title: str):
    """A temporary file holding the workbook, at its start; the caller streams
    and closes it. Numbers stay text (a BIG number may start with 0), dates are
    dates shown as dd-mm-jjjj."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
