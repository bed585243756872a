"""Certificate PDFs from the trainer-edited template.

The HTML comes from `certificates/pdf/certificate.html` rendered in Dutch (the
document language of the PDF), its fixed CSS from `certificates/pdf/certificate.css`
(`STYLESHEET`: parsed once per thread by `certificates.pdf`, inlined only for the
admin preview); `certificates.pdf` turns both into PDF/A-3b with the credential
attached. Images (logo, signature) are inlined as `data:` URIs so the PDF renderer
reads no files, and cached per image and file so a batch of certificates reads each
image once.
"""

from __future__ import annotations

import base64
import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from certificates.credentials import credential_bytes, verification_url
from certificates.models import Certificate, CertificateTemplate
from certificates.pdf import Attachment, render_pdf
from certificates.qr import qr_png_data_uri

PDF_LANG = "nl"
CREDENTIAL_FILENAME = "open-badges-credential.json"
IMAGE_SPEC = "max-800x300|format-png"
# The template's fixed CSS: given to the PDF renderer, which parses it once, instead
# of inlined in the HTML (the admin preview inlines it).
STYLESHEET = Path(__file__).parent / "templates/certificates/pdf/certificate.css"


def certificate_template_for(course) -> CertificateTemplate:
    """The course's own template, else the default, else built-in texts (unsaved)."""
    candidates = (
        CertificateTemplate.objects.filter(
            Q(course_links__course=course) | Q(is_default=True)
        )
        .annotate(own=Count("course_links", filter=Q(course_links__course=course)))
        .select_related("logo", "signature_image")
        .order_by("-own", "pk")
    )
    return candidates.first() or CertificateTemplate(name="Bijblijven")


@lru_cache(maxsize=32)
def _image_data_uri_cached(image_id: int, file_name: str) -> str:
    from wagtail.images import get_image_model

    image = get_image_model().objects.get(pk=image_id)
    rendition = image.get_rendition(IMAGE_SPEC)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def image_data_uri(image) -> str | None:
    if image is None:
        return None
    try:
        return _image_data_uri_cached(image.pk, image.file.name)
    except (OSError, ValueError):
        # a missing image file must not stop a certificate; the logo is decoration
        return None


def score_lines(summary: dict[str, Any]) -> list[str]:
    lines = []
    for item in summary.get("assessments", []):
        if item.get("score") is not None:
            lines.append(f"{item['title']}: {round(100 * float(item['score']))}%")
    return lines


def certificate_context(
    *,
    certificate: Certificate,
    template: CertificateTemplate,
    revoked_on: datetime.date | None = None,
) -> dict[str, Any]:
    url = verification_url(certificate)
    requirements = certificate.score_summary.get("requirements", {})
    return {
        "certificate": certificate,
        "template": template,
        "logo": image_data_uri(template.logo),
        "signature": image_data_uri(template.signature_image),
        "qr": qr_png_data_uri(url),
        "verify_url": url,
        "accreditations": certificate.accreditation.get("items", []),
        "requirements": requirements,
        "scores": score_lines(certificate.score_summary),
        "revoked_on": revoked_on,
    }


def certificate_html(**kwargs) -> str:
    """The certificate's HTML for the PDF, without `STYLESHEET` (render it with it)."""
    context = {**certificate_context(**kwargs), "stylesheet_given": True}
    with translation.override(PDF_LANG):
        return render_to_string("certificates/pdf/certificate.html", context)


def certificate_pdf(
    *,
    certificate: Certificate,
    template: CertificateTemplate,
    credential: dict[str, Any],
    revoked_on: datetime.date | None = None,
) -> bytes:
    """PDF/A-3b bytes with the credential attached; `revoked_on` adds a banner."""
    html = certificate_html(
        certificate=certificate, template=template, revoked_on=revoked_on
    )
    return render_pdf(
        html=html,
        base_url=None,
        title=f"Certificaat {certificate.course_title}",
        lang=PDF_LANG,
        stylesheets=[STYLESHEET],
        attachments=[
            Attachment(
                filename=CREDENTIAL_FILENAME,
                content=credential_bytes(credential),
                description="Open Badges 3.0 credential",
                modified=certificate.rendered_at or timezone.now(),
            )
        ],
    )


def sample_context(*, template: CertificateTemplate) -> dict[str, Any]:
    """A made-up certificate for the template preview in the admin."""
    today = timezone.localdate()
    sample = Certificate(
        code="K7QF3M9XWT2P8HDA",
        holder_name="Jan de Vries",
        course_title="Voorbeeldcursus",
        cycle=1,
        content_version=f"{today:%Y-%m-%d}",
        issued_at=timezone.now(),
        issued_on=today,
        valid_until=today.replace(year=today.year + 2)
        if not (today.month == 2 and today.day == 29)
        else today + datetime.timedelta(days=730),
        accreditation={"items": [{"register": "Voorbeeldregister", "points": "4"}]},
        score_summary={"requirements": {"done": 6, "total": 6}},
    )
    return certificate_context(certificate=sample, template=template)
