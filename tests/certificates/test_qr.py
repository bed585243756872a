"""QR codes for the verification URL: SVG for pages, PNG for the PDF."""

import base64
import io
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


def test_qr_png_is_8_bit_rgb_with_the_modules_of_the_code_when_made():
    # WeasyPrint embeds an RGB PNG as it is; any other kind it converts first
    import segno
    from PIL import Image

    uri = qr_png_data_uri(VERIFY_URL)
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert image.mode == "RGB"
    expected = segno.make_qr(VERIFY_URL, error="m", boost_error=False, mask=0)
    for y, row in enumerate(expected.matrix_iter(scale=1, border=QUIET_ZONE)):
        assert [image.getpixel((x, y)) for x in range(len(row))] == [
            (0, 0, 0) if dark else (255, 255, 255) for dark in row
        ]
