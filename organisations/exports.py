"""The dashboard as CSV or XLSX, streamed: one row per person and required
course. Rows come from `selectors.dashboard.people_chunks`, so memory stays that
of one chunk; the XLSX is written with openpyxl's write-only workbook into a
temporary file, by a task (`services.exports`), since 50,000 rows take longer
than a request may. Text that a spreadsheet would run
as a formula (`=`, `+`, `-`, `@`) gets a leading apostrophe."""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from organisations.labels import LABELS
from organisations.models import Organisation
from organisations.selectors.dashboard import EXPORT_CHUNK, Filters, people_chunks
from organisations.selectors.matrix import columns_for
from organisations.selectors.signals import (
    SIGNAL_LABELS,
    signal_cells_for,
    signal_export_columns,
)
from organisations.spreadsheets import cell_safe
from training.models import Profession


def export_header() -> list[str]:
    return [
        _("Achternaam"),
        _("Voornaam"),
        _("E-mailadres"),
        _("Team"),
        _("Beroep"),
        _("Cursus"),
        _("Status"),
        _("Datum"),
    ]


def export_rows(
    *,
    organisation: Organisation,
    filters: Filters,
    today: datetime.date,
    on_chunk: Callable[[int], None] | None = None,
    on_people: Callable[[list[int]], None] | None = None,
) -> Iterator[list]:
    """Header, then per person (name order) one row per required course (the
    date is the certificate's valid-until date or the due date) and one per
    signal that reached them (the date read, or the deadline). `on_chunk` is
    called with the number of people done after each chunk (progress), `on_people`
    with the user ids of each chunk (the privacy log)."""
    yield export_header()
    columns = columns_for(organisation=organisation)
    professions = dict(Profession.choices)
    labels = {status: str(label) for status, label in LABELS.items()}
    signal_columns = signal_export_columns(
        organisation=organisation, columns=columns, today=today
    )
    signal_labels = {status: str(label) for status, label in SIGNAL_LABELS.items()}
    for number, chunk in enumerate(
        people_chunks(
            organisation=organisation, filters=filters, today=today, columns=columns
        )
    ):
        if on_chunk is not None and number:
            # every chunk before this one held EXPORT_CHUNK members before the
            # status filter
            on_chunk(number * EXPORT_CHUNK)
        if on_people is not None:
            on_people([person.user_id for person in chunk])
        signal_cells = signal_cells_for(
            organisation=organisation,
            people=chunk,
            columns=columns,
            signal_columns=signal_columns,
            today=today,
        )
        for person in chunk:
            profession = str(professions.get(person.profession, ""))
            for column, cell in zip(columns, person.cells, strict=True):
                if cell is None:
                    continue
                yield [
                    cell_safe(person.last_name),
                    cell_safe(person.first_name),
                    cell_safe(person.email),
                    cell_safe(person.team_name),
                    profession,
                    cell_safe(column.title),
                    labels[cell.status],
                    cell.date,
                ]
            for signal_id, signal in signal_columns.items():
                signal_cell = signal_cells.get((person.membership_id, signal_id))
                if signal_cell is None:
                    continue
                yield [
                    cell_safe(person.last_name),
                    cell_safe(person.first_name),
                    cell_safe(person.email),
                    cell_safe(person.team_name),
                    profession,
                    cell_safe(_("Signalering: %(title)s") % {"title": signal.title}),
                    signal_labels[signal_cell.status],
                    signal_cell.date,
                ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list]) -> Iterator[str]:
    """CSV text line by line, with a byte-order mark so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(
            [v.isoformat() if isinstance(v, datetime.date) else v for v in row]
        )


def xlsx_file(rows: Iterator[list], *, title: str):
    """A temporary file holding the workbook, positioned at its start. Rows are
    appended as plain values (openpyxl gives dates a date format itself); the
    caller streams and closes the file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
