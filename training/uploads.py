"""Uploads kept for background work. A spreadsheet to import is stored under
`MEDIA_ROOT/imports/` with a random name until the task that reads it has
finished, then deleted: the request that receives it only checks what is cheap
(size, type, the archive's directory) and never parses it. The proxy serves only
images from `/media/` (docs/deployment.md), so these files are never public.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import PurePosixPath

FOLDER = "imports"

# Reading and checking 2,000 rows takes seconds; an import that has not moved for
# this long lost its worker and is shown as stopped, with a button to try again.
STALLED_AFTER = datetime.timedelta(minutes=10)

# Imports hold names, addresses and questions as uploaded: kept a week, then
# deleted with any upload still stored (`delete_expired_exports`, daily).
KEEP_IMPORTS = datetime.timedelta(days=7)


def import_upload_to(instance, filename: str) -> str:
    """A random name that keeps only the extension, which chooses the reader."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        suffix = ""
    return f"{FOLDER}/{secrets.token_urlsafe(24)}{suffix}"


def upload_read(field_file) -> bytes:
    """The bytes of a stored upload (a FieldFile); raises OSError when it is gone."""
    with field_file.open("rb") as handle:
        return handle.read()


def upload_discard(field_file) -> None:
    """Delete a stored upload's file (if it is still there) and clear the field
    on the instance; the caller saves the instance."""
    if field_file:
        field_file.storage.delete(field_file.name)
        field_file.name = ""
