"""Handing certificates out in bulk: a streamed ZIP of PDFs (managers, once
organisations exist) and a learner's history as CSV rows."""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from certificates.credentials import verification_url
from certificates.models import Certificate
from certificates.services.render import certificate_pdf_bytes
from certificates.status import status_of, status_view

logger = logging.getLogger(__name__)


class _Chunks:
    """A write-only file for `zipfile` whose written bytes are taken out in chunks."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts = []
        return data


def zip_member_name(certificate: Certificate, used: set[str]) -> str:
    stem = "-".join(
        part
        for part in (
            slugify(certificate.holder_name),
            slugify(certificate.course_title)[:60],
            f"{certificate.issued_on:%Y-%m-%d}",
            certificate.code,
        )
        if part
    )
    name = re.sub(r"[^A-Za-z0-9._-]", "", stem) + ".pdf"
    while name in used:
        name = "x-" + name
    used.add(name)
    return name


def certificates_zip_stream(*, certificates: Iterable[Certificate]) -> Iterator[bytes]:
    """Yield a ZIP of the certificates' PDFs piece by piece, one PDF in memory at a
    time, for a `StreamingHttpResponse`. PDFs are already compressed, so they are
    stored. A revoked certificate's PDF carries its banner; one without a PDF yet,
    or whose file went missing, is made now. A PDF that cannot be made leaves the
    others intact and is listed in `LEESMIJ.txt` inside the ZIP. The caller decides
    who may download which certificates."""
    sink = _Chunks()
    used: set[str] = set()
    left_out: list[Certificate] = []
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            try:
                pdf_bytes = certificate_pdf_bytes(certificate=certificate)
            except Exception:
                logger.exception("Certificate %s left out of a ZIP.", certificate.pk)
                left_out.append(certificate)
                continue
            info = zipfile.ZipInfo(
                zip_member_name(certificate, used),
                date_time=(*certificate.issued_on.timetuple()[:3], 12, 0, 0),
            )
            with archive.open(info, mode="w") as member:
                member.write(pdf_bytes)
            yield sink.take()
        if left_out:
            archive.writestr(README_NAME, _readme(left_out))
    yield sink.take()


README_NAME = "LEESMIJ.txt"


def _readme(left_out: list[Certificate]) -> str:
    lines = [
        _(
            "Deze certificaten konden nu niet in de ZIP worden gezet. Ze zijn wel "
            "geldig; download de ZIP later opnieuw of controleer ze via de "
            "verificatielink."
        ),
        "",
    ]
    lines += [
        f"- {c.holder_name}, {c.course_title}, {c.issued_on:%Y-%m-%d}, "
        f"{c.code_display}: {verification_url(c)}"
        for c in left_out
    ]
    return "\r\n".join(lines) + "\r\n"


HISTORY_HEADER = [
    "code",
    "cursus",
    "cyclus",
    "uitgegeven_op",
    "geldig_tot_en_met",
    "status",
    "ingetrokken_op",
    "accreditatie",
    "verificatie_url",
]


def history_rows(
    *, certificates: Iterable[Certificate], today: date
) -> Iterator[list[str]]:
    """The learner's certificates as CSV rows, header first (prefetch
    `content_notices`)."""
    yield HISTORY_HEADER
    for certificate in certificates:
        accreditation = "; ".join(
            f"{item['register']}: {item['points']}"
            + (f" ({item['number']})" if item.get("number") else "")
            for item in certificate.accreditation.get("items", [])
        )
        status = status_view(status_of(certificate=certificate, today=today))
        yield [
            certificate.code_display,
            _csv_safe(certificate.course_title),
            str(certificate.cycle),
            certificate.issued_on.isoformat(),
            certificate.valid_until.isoformat(),
            status.label,
            (
                timezone.localdate(certificate.revoked_at).isoformat()
                if certificate.revoked_at
                else ""
            ),
            _csv_safe(accreditation),
            verification_url(certificate),
        ]


def _csv_safe(text: str) -> str:
    # a spreadsheet must not run a cell that an editor's text starts with "="
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
