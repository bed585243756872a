"""Certificate PDFs checked with real tools: pikepdf, pdffonts, pdftoppm + zbarimg."""

import io
import json
import os
import shutil
import subprocess
from html import escape

import pikepdf
import pytest
from weasyprint.urls import URLFetcher

from certificates.pdf import Attachment, _LocalOnlyFetcher, render_pdf
from certificates.qr import qr_png_data_uri, qr_svg
from tests.certificates.samples import VERIFY_URL

HOLDER = "Jan de Vries-Özdemir"
COURSE = "GHB-intoxicatie herkennen en handelen"
CREDENTIAL = json.dumps(
    {"type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Certificaat"},
    ensure_ascii=False,
).encode()

CERTIFICATE_HTML = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>ignored</title>
<style>
  main {{ border: 2mm solid #154273; padding: 15mm; height: 230mm; }}
  h1 {{ font-size: 26pt; color: #154273; }}
  .qr {{ width: 35mm; height: 35mm; }}
</style></head>
<body><main>
  <h1>Certificaat</h1>
  <p>Hierbij verklaren wij dat</p>
  <p><strong>{holder}</strong></p>
  <p>de nascholing <em>{course}</em> met goed gevolg heeft afgerond.</p>
  <p>Geldig tot en met 28 februari 2027.</p>
  <img class="qr" src="{qr}" alt="QR-code naar de verificatiepagina">
  <p>Controleer dit certificaat op {url}</p>
</main></body></html>
"""


def _tool(name, package):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install {package}")
    return path


@pytest.fixture(scope="module")
def pdf_bytes():
    html = CERTIFICATE_HTML.format(
        holder=escape(HOLDER),
        course=escape(COURSE),
        qr=qr_png_data_uri(VERIFY_URL),
        url=escape(VERIFY_URL),
    )
    return render_pdf(
        html=html,
        base_url=None,
        title=f"Certificaat {COURSE}",
        lang="nl-NL",
        attachments=[
            Attachment(
                filename="credential.json",
                content=CREDENTIAL,
                description="Open Badges 3.0 credential",
            )
        ],
    )


@pytest.fixture
def pdf(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
        yield document


def test_pdf_identifies_as_pdfa_3b_when_rendered(pdf):
    xmp = pdf.open_metadata(set_pikepdf_as_editor=False)
    assert xmp["pdfaid:part"] == "3"
    assert xmp["pdfaid:conformance"] == "B"
    assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
    assert pdf.check_pdf_syntax() == []


def test_pdf_has_language_title_and_tags_when_rendered(pdf):
    assert str(pdf.Root.Lang) == "nl-NL"
    assert str(pdf.docinfo.Title) == f"Certificaat {COURSE}"
    xmp = pdf.open_metadata(set_pikepdf_as_editor=False)
    assert xmp["dc:title"] == f"Certificaat {COURSE}"
    assert pdf.Root.MarkInfo.Marked
    assert "/StructTreeRoot" in pdf.Root


def test_pdf_images_are_not_interpolated_when_pdfa_forbids_it(pdf):
    images = list(pdf.pages[0].get_images().values())
    assert images  # the QR code
    for image in images:
        assert image.get("/Interpolate", False) is False


def test_pdf_is_one_a4_page_when_rendered(pdf):
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_pdf_embeds_the_credential_as_associated_file_when_given(pdf):
    attached = pdf.attachments["credential.json"]
    assert attached.get_file().read_bytes() == CREDENTIAL
    assert attached.description == "Open Badges 3.0 credential"
    assert attached.obj.AFRelationship == "/Data"
    assert attached.obj.EF.F.Subtype == "/application/ld+json"
    assert pdf.Root.AF[0].UF == "credential.json"


def test_pdf_embeds_every_font_when_rendered(pdf_bytes, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf_bytes)
    output = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdffonts", "poppler-utils"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, output
    for row in rows:
        # columns: name type encoding emb sub uni object ID; type may hold spaces
        assert row.split()[-5] == "yes", row


def test_pdf_qr_code_decodes_to_the_verification_url_when_scanned(pdf_bytes, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf_bytes)
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pdftoppm", "poppler-utils"),
            "-r",
            "150",
            "-png",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("zbarimg", "zbar-tools"), "-q", "--raw", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert decoded.strip() == VERIFY_URL


def test_pdf_text_contains_holder_and_course_when_extracted(pdf_bytes, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf_bytes)
    text = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdftotext", "poppler-utils"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert HOLDER in text
    assert COURSE in text


@pytest.mark.parametrize(("title", "lang"), [("", "nl"), ("Certificaat", " ")])
def test_render_pdf_raises_when_title_or_lang_missing(title, lang):
    with pytest.raises(ValueError, match="title and a language"):
        render_pdf(html="<p>x</p>", base_url=None, title=title, lang=lang)


def test_fetcher_refuses_files_outside_the_base_and_the_network(tmp_path):
    (tmp_path / "logo.svg").write_text(qr_svg(VERIFY_URL), encoding="utf-8")
    fetcher = _LocalOnlyFetcher(tmp_path.resolve())
    response = fetcher.fetch((tmp_path / "logo.svg").as_uri())
    assert response.read().startswith(b"<svg")
    response.close()
    for url in ("file:///etc/passwd", "https://example.org/x.png", "ftp://x/y"):
        with pytest.raises(ValueError, match="refused|disallowed"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="refused"):
        _LocalOnlyFetcher(None).fetch((tmp_path / "logo.svg").as_uri())


def test_pdf_draws_images_from_the_base_directory_only_when_base_url_given(tmp_path):
    other_url = "https://bijblijven.example/verify/OTHER-CODE/"
    (tmp_path / "qr.svg").write_text(qr_svg(other_url), encoding="utf-8")
    html = (
        '<img src="qr.svg" alt="QR" style="width:40mm">'
        '<img src="file:///etc/hostname" alt="refused">'
    )
    pdf_bytes = render_pdf(
        html=html, base_url=tmp_path.as_uri() + "/", title="Logo", lang="nl"
    )
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_bytes)
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pdftoppm", "poppler-utils"),
            "-r",
            "150",
            "-png",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("zbarimg", "zbar-tools"), "-q", "--raw", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert decoded.strip() == other_url


def test_pdf_stays_a4_when_the_template_asks_for_another_size():
    html = "<style>@page { size: letter landscape }</style><p>Certificaat</p>"
    pdf_bytes = render_pdf(html=html, base_url=None, title="Formaat", lang="nl")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


@pytest.mark.parametrize(
    "url",
    [
        "data:,Hello%2C%20World%21",
        "data:text/plain;charset=utf-8,caf%C3%A9",
        "data:application/ld+json;base64,eyJhIjogMX0=",
    ],
)
def test_fetcher_reads_data_urls_as_urllib_does_when_given(url):
    ours = _LocalOnlyFetcher(None).fetch(url)
    reference = URLFetcher(allowed_protocols={"data"}).fetch(url)
    assert ours.read() == reference.read()
    assert (ours.content_type, ours.charset) == (
        reference.content_type,
        reference.charset,
    )


def test_pdf_applies_stylesheet_files_and_rereads_them_when_changed(tmp_path):
    stylesheet = tmp_path / "certificate.css"
    stylesheet.write_text("p { break-after: page; }", encoding="utf-8")
    html = "<p>Een</p><p>Twee</p>"

    def pages() -> int:
        pdf_bytes = render_pdf(
            html=html,
            base_url=None,
            title="Stijl",
            lang="nl",
            stylesheets=[stylesheet],
        )
        with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
            return len(document.pages)

    assert pages() == 2
    stylesheet.write_text("p { color: #154273; }", encoding="utf-8")
    os.utime(stylesheet, ns=(1, stylesheet.stat().st_mtime_ns + 1_000_000))
    assert pages() == 1
