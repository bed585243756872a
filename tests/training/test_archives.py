"""A compressed upload is checked before anything unpacks it."""

import io
import zipfile

import pytest

from tests.bombs import workbook_bytes, xlsx_bomb
from training.archives import MAX_MEMBERS, UnsafeArchive, zip_upload_check


def test_ordinary_workbook_passes():
    zip_upload_check(workbook_bytes([["e-mail"], ["a@example.org"]]))


def test_workbook_unpacking_to_60_mb_is_refused_though_small():
    bomb = xlsx_bomb([["e-mail"]])
    assert len(bomb) < 200_000
    with pytest.raises(UnsafeArchive) as refused:
        zip_upload_check(bomb)
    assert refused.value.code == "too_big"


def test_member_compressed_far_beyond_a_spreadsheet_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))
    with pytest.raises(UnsafeArchive):
        zip_upload_check(buffer.getvalue())


def test_archive_with_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(MAX_MEMBERS + 1):
            archive.writestr(f"x/{number}.xml", b"<a/>")
    with pytest.raises(UnsafeArchive) as refused:
        zip_upload_check(buffer.getvalue())
    assert refused.value.code == "too_big"


def test_not_a_zip_is_a_format_problem():
    with pytest.raises(UnsafeArchive) as refused:
        zip_upload_check(b"PK\x03\x04 niet echt")
    assert refused.value.code == "format"
