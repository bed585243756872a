"""QR codes (segno) for a certificate's verification URL: pure, no I/O.

Error correction level M (about 15% of the code may be damaged, enough for a printed
and scanned certificate) and a quiet zone of 4 modules, the QR standard's minimum.
Keep the code at least 2 cm wide in print.

- `qr_svg`: vector SVG markup, for web pages.
- `qr_data_uri`: the same SVG as a `data:` URI, for an `<img>`.
- `qr_png_data_uri`: one pixel per module as a PNG `data:` URI, for the PDF. WeasyPrint
  draws it as a tiny image with crisp edges (`certificates.pdf` turns interpolation
  off), which looks the same as the vector version in print but renders in a fraction
  of the time: WeasyPrint parses an SVG path of a few hundred segments in Python. The
  PNG is 8-bit RGB, written here: WeasyPrint converts any other PNG to RGB and
  re-encodes it, and segno's 1-bit writer is slower (together about 3 ms of a 50 ms
  certificate render).
"""

from __future__ import annotations

import base64
import io
import struct
import zlib

import segno

ERROR_CORRECTION = "m"
# Any of the eight masks gives a valid code; choosing one skips scoring all eight,
# which was most of the QR time in a certificate render.
MASK = 0
QUIET_ZONE = 4  # modules
SCALE = 4  # SVG user units per module; the SVG scales anyway


def _make(url: str) -> segno.QRCode:
    if not isinstance(url, str) or not url.strip():
        raise ValueError("a URL is required")
    # boost_error=False: the level stays M exactly, whatever capacity is left over
    return segno.make_qr(url, error=ERROR_CORRECTION, boost_error=False, mask=MASK)


def qr_svg(url: str, *, title: str | None = None) -> str:
    """A stand-alone SVG document (with namespace, without XML declaration)."""
    buffer = io.BytesIO()
    _make(url).save(
        buffer,
        kind="svg",
        scale=SCALE,
        border=QUIET_ZONE,
        xmldecl=False,
        svgns=True,
        nl=False,
        title=title,
    )
    return buffer.getvalue().decode("utf-8")


def qr_data_uri(url: str) -> str:
    """`data:image/svg+xml,...` for an `<img src>` (give it an `alt` text)."""
    return _make(url).svg_data_uri(scale=SCALE, border=QUIET_ZONE)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def qr_png_data_uri(url: str) -> str:
    """`data:image/png;base64,...`, one pixel per module (give it a size in CSS)."""
    dark, light = b"\x00\x00\x00", b"\xff\xff\xff"
    matrix = _make(url).matrix  # rows of 0/1 without the quiet zone
    size = len(matrix) + 2 * QUIET_ZONE
    margin = light * QUIET_ZONE
    blank = b"\x00" + light * size
    # each scanline starts with filter type 0 (none); segno's matrix_iter is slower
    rows = [
        b"\x00" + margin + b"".join(dark if m else light for m in row) + margin
        for row in matrix
    ]
    rows = [blank] * QUIET_ZONE + rows + [blank] * QUIET_ZONE
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    png = b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(b"".join(rows))),
            _png_chunk(b"IEND", b""),
        )
    )
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
