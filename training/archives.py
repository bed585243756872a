"""Checks on a compressed upload (an XLSX is a ZIP) before anything unpacks it.

A few kilobytes can unpack to gigabytes: openpyxl would then spend minutes and
memory on one upload. The ZIP's directory says how large each member unpacks
(and Python's zipfile stops reading a member at that size), so checking the
declared sizes and the number of members before opening bounds the work.
"""

import io
import zipfile

MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # a 2,000-row sheet is well under 5 MB
MAX_MEMBERS = 200
MAX_RATIO = 200  # a genuine sheet compresses about 5-20 times


class UnsafeArchive(ValueError):
    """The archive is not a ZIP ("format") or unpacks to too much ("too_big")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def zip_upload_check(data: bytes) -> None:
    """Raise `UnsafeArchive` unless `data` is a ZIP whose members unpack to at
    most MAX_UNPACKED_BYTES, are at most MAX_MEMBERS and none is compressed
    more than MAX_RATIO times."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnsafeArchive("format") from error
    if len(members) > MAX_MEMBERS:
        raise UnsafeArchive("too_big")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UnsafeArchive("too_big")
    for member in members:
        if member.file_size > 1024 * 1024 and (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise UnsafeArchive("too_big")
