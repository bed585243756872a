"""Certificate PDFs: A4, PDF/A-3b with tags, fonts embedded, files attached.

The only module that imports WeasyPrint. `render_pdf` turns finished HTML (the
certificate template, already rendered by Django) into PDF bytes, with the document
title and language set and the Open Badges credential embedded as a PDF/A-3
associated file.

Why PDF/A-3b and not -3a: WeasyPrint 70 can write PDF/A-3a, but conformance "a"
promises a complete logical structure (alt text on every figure, a correct reading
order) that depends on each trainer-edited template and cannot be checked here. So
the file claims "b" (appearance preserved) and is tagged anyway (`pdf_tags=True`)
for screen readers.

Speed: the font configuration, the base stylesheet and the caller's stylesheet files
are built once per thread and reused (fontconfig/Pango objects are not shared between
threads); `data:` URLs are decoded here instead of by urllib. PDF/A (ICC profile, XMP,
file identifier) costs about 6% of a certificate render and tagging no measurable
time: both stay. `render_plain` and `render_reused` are the references that
`bench/certificates.py` compares the certificate with.

Images: PDF/A forbids interpolated images, so the base stylesheet renders every image
with crisp edges; use the PNG QR code of `certificates.qr.qr_png_data_uri`, sized in
CSS.

Resources: nothing is fetched over the network. The HTML may use `data:` URLs and,
when `base_url` is a `file:` URL of a directory, files inside that directory; every
other URL is refused, so a template cannot read arbitrary files or reach servers.
Fonts come from fontconfig: the base stylesheet asks for DejaVu Sans
(Debian `fonts-dejavu-core`). Emoji in names and course titles, which DejaVu
lacks, come from fontconfig's fallback: Noto Color Emoji (Debian
`fonts-noto-color-emoji`, every emoji up to Unicode 15). Its glyphs are bitmaps:
WeasyPrint embeds the font for the text layer and draws each glyph as a
non-interpolated image, which PDF/A-3b allows. The font is deliberately not named in
the stylesheet: named, Pango opened it for every render (2.4x slower in the bench,
without a single emoji); as a fallback it is opened only when a character needs it.
Symbola, the monochrome alternative, stops at Unicode 9 (no 🧪 or 🥰: still empty
boxes).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint import CSS, HTML
from weasyprint import Attachment as WeasyAttachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-3b"
PDF_TAGS = True

# A user stylesheet: its !important beats the template's. PDF/A forbids image
# interpolation, which WeasyPrint turns on for `image-rendering: auto`. A one-page
# certificate needs no PDF outline: computing bookmark labels from headings was a
# quarter of the render time.
BASE_CSS = """
@page { size: A4 !important; margin: 15mm; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; color: #1a1a1a; }
* { image-rendering: crisp-edges !important; bookmark-level: none !important; }
"""


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF (a PDF/A-3 associated file of the document).

    `relationship` is the PDF AFRelationship: "Data" means the visible certificate
    is a rendering of this file.
    """

    filename: str
    content: bytes
    description: str
    mime: str = "application/ld+json"
    relationship: str = "Data"
    modified: datetime | None = None


class _LocalOnlyFetcher(URLFetcher):
    """Serves `data:` URLs and files under one directory; refuses everything else."""

    def __init__(self, root: Path | None) -> None:
        super().__init__(allowed_protocols={"data", "file"})
        self._root = root

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return _data_response(url)
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if self._root is None or not path.is_relative_to(self._root):
                raise ValueError(f"refused to read {url}: outside the base directory")
        return super().fetch(url, headers)


def _data_response(url: str) -> URLFetcherResponse:
    # urllib's DataHandler builds an email message per URL: 0.3 ms for each of the
    # QR code and the credential, against 0.1 ms here (RFC 2397)
    header, comma, payload = url.removeprefix("data:").partition(",")
    if not comma:
        raise ValueError("a data: URL needs a comma")
    if header.endswith(";base64"):
        header = header.removesuffix(";base64")
        body = base64.b64decode(unquote_to_bytes(payload))  # lenient, as urllib
    else:
        body = unquote_to_bytes(payload)
    content_type = header or "text/plain;charset=US-ASCII"
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


_local = threading.local()


def _shared() -> tuple[FontConfiguration, CSS]:
    shared = getattr(_local, "shared", None)
    if shared is None:
        font_config = FontConfiguration()
        stylesheet = CSS(string=BASE_CSS, font_config=font_config)
        shared = _local.shared = (font_config, stylesheet)
    return shared


def _stylesheet(path: Path) -> CSS:
    # parsing the certificate's stylesheet with every render cost about 10% of it;
    # checked against its modification time, so an edited file is read again
    font_config, _ = _shared()
    stylesheets = getattr(_local, "stylesheets", None)
    if stylesheets is None:
        stylesheets = _local.stylesheets = {}
    version = path.stat().st_mtime_ns
    cached = stylesheets.get(path)
    if cached is None or cached[0] != version:
        css = CSS(
            string=path.read_text(encoding="utf-8"),
            font_config=font_config,
            url_fetcher=_fetcher(None),
        )
        cached = stylesheets[path] = (version, css)
    return cached[1]


def _fetcher(root: Path | None) -> _LocalOnlyFetcher:
    # building a fetcher sets up urllib handlers and an SSL context: slow, so reuse
    fetchers = getattr(_local, "fetchers", None)
    if fetchers is None:
        fetchers = _local.fetchers = {}
    if root not in fetchers:
        fetchers[root] = _LocalOnlyFetcher(root)
    return fetchers[root]


def _root_of(base_url: str | None) -> Path | None:
    if not base_url or not base_url.startswith("file:"):
        return None
    path = Path(unquote(urlsplit(base_url).path)).resolve()
    return path if base_url.endswith("/") or path.is_dir() else path.parent


def _weasy_attachment(attachment: Attachment) -> WeasyAttachment:
    encoded = base64.b64encode(attachment.content).decode("ascii")
    moment = attachment.modified or datetime.now(UTC)
    return WeasyAttachment(
        # a data: URL carries the MIME type into the embedded file's /Subtype
        url=f"data:{attachment.mime};base64,{encoded}",
        name=attachment.filename,
        description=attachment.description,
        relationship=attachment.relationship,
        created=moment,
        modified=moment,
        url_fetcher=_fetcher(None),
    )


def render_pdf(
    *,
    html: str,
    base_url: str | None,
    title: str,
    lang: str,
    attachments: Sequence[Attachment] = (),
    stylesheets: Sequence[Path] = (),
) -> bytes:
    """Render `html` to PDF/A-3b bytes with `title`, `lang` and `attachments` set.

    `title` and `lang` override whatever the HTML says, so the PDF metadata always
    carries them. `stylesheets` are CSS files applied after the base stylesheet (as
    user stylesheets: the HTML's own styles win), parsed once per thread and file
    version. Raises `ValueError` when title or lang is empty.
    """
    if not title.strip() or not lang.strip():
        raise ValueError("a PDF needs a title and a language")
    font_config, stylesheet = _shared()
    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": PDF_TAGS}
    document = HTML(
        string=html,
        base_url=base_url,
        url_fetcher=_fetcher(_root_of(base_url)),
    ).render(
        font_config=font_config,
        stylesheets=[stylesheet, *(_stylesheet(path) for path in stylesheets)],
        **options,
    )
    document.metadata.title = title
    document.metadata.lang = lang
    return document.write_pdf(
        attachments=[_weasy_attachment(item) for item in attachments], **options
    )


def render_plain(*, html: str) -> bytes:
    """WeasyPrint with its defaults and no caches: the baseline for `bench/`."""
    return HTML(string=html).write_pdf()


def render_reused(*, html: str, stylesheets: Sequence[Path] = ()) -> bytes:
    """WeasyPrint with this module's shared font configuration and parsed stylesheets,
    but without PDF/A, tags or attachments: the second reference for `bench/`."""
    font_config, _ = _shared()
    return HTML(string=html, url_fetcher=_fetcher(None)).write_pdf(
        font_config=font_config,
        stylesheets=[_stylesheet(path) for path in stylesheets],
    )
