"""Small uploads that unpack to a lot: a real workbook with an extra member of
zeros, and a sheet with a cell in the last column; and a corrupt workbook."""

import io
import zipfile

from openpyxl import Workbook


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bomb(rows, unpacked_mb: int = 60) -> bytes:
    """A readable workbook of `rows` plus a member of `unpacked_mb` MB of zeros
    (about 60 KB compressed)."""
    buffer = io.BytesIO(workbook_bytes(rows))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", b"\0" * (unpacked_mb * 1024 * 1024))
    return buffer.getvalue()


def xlsx_wide(rows) -> bytes:
    """`rows` with one more cell far to the right (column XFD, 16,384th)."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.active["XFD2"] = "ver weg"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def corrupt_workbook() -> bytes:
    """A ZIP whose directory passes the upload's cheap check but is no workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<kapot")
    return buffer.getvalue()
