"""QR codes for the verification URL: SVG for pages, PNG for the PDF."""

import base64
import struct
from urllib.parse import unquote

import pytest

from certificates.qr import QUIET_ZONE, qr_data_uri, qr_png_data_uri, qr_svg
from tests.certificates.samples import VERIFY_URL


def test_qr_svg_is_a_standalone_svg_when_made():
    svg = qr_svg(VERIFY_URL, title="Verificatie <code>")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>Verificatie &lt;code&gt;</title>" in svg
    assert "<?xml" not in svg


def test_qr_data_uri_carries_the_same_svg_when_made():
    uri = qr_data_uri(VERIFY_URL)
    assert uri.startswith("data:image/svg+xml")
    assert "<path" in unquote(uri)


def test_qr_png_has_one_pixel_per_module_and_a_quiet_zone_when_made():
    uri = qr_png_data_uri(VERIFY_URL)
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    png = base64.b64decode(uri.removeprefix(prefix))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    modules = width - 2 * QUIET_ZONE
    assert width == height
    assert (modules - 17) % 4 == 0  # a QR code (not micro) of version (n - 17) / 4


@pytest.mark.parametrize("url", ["", "   "])
def test_qr_raises_when_url_is_empty(url):
    with pytest.raises(ValueError, match="URL"):
        qr_svg(url)
