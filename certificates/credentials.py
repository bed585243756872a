"""A certificate as an Open Badges 3.0 credential: built from the issued fields,
signed with the active key. Pure apart from reading settings and URLs."""

from __future__ import annotations

import json
import re
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificates import openbadges, status_list
from certificates.models import Certificate, SigningKey
from certificates.services.keys import (
    issuer_id,
    key_id,
    signing_key_secret,
    subject_salt,
)
from training.site_url import site_base_url

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def verification_url(certificate: Certificate) -> str:
    path = reverse("certificates:verify", kwargs={"code": certificate.code_display})
    return f"{site_base_url()}{path}"


def course_url(course) -> str:
    parts = course.get_url_parts()
    if parts is None:
        return f"urn:bijblijven:course:{course.pk}"
    return f"{site_base_url()}{parts[2]}"


def _text(value: str, fallback: str) -> str:
    cleaned = _CONTROL.sub(" ", value or "").strip()
    return cleaned or fallback


def end_of_day(day) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE))


def credential_build(*, certificate: Certificate) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential; the learner appears only as a salted hash."""
    course = certificate.course
    title = _text(certificate.course_title, "Cursus")
    return openbadges.build_credential(
        credential_id=verification_url(certificate),
        issuer={
            "id": issuer_id(),
            "name": settings.OPEN_BADGES_ISSUER_NAME,
            "url": f"{site_base_url()}/",
        },
        subject_id=openbadges.subject_identifier(
            email=certificate.user.email, salt=subject_salt()
        ),
        achievement={
            "id": course_url(course),
            "name": title,
            "description": _text(getattr(course, "summary", ""), title),
            "criteria_narrative": (
                f"Alle verplichte onderdelen van de cursus afgerond "
                f"(certificeringscyclus {certificate.cycle})."
            ),
        },
        valid_from=certificate.issued_at,
        valid_until=end_of_day(certificate.valid_until),
        name=f"Certificaat {title}",
        credential_status=status_entry(certificate),
    )


def status_list_url(number: int) -> str:
    path = reverse("certificates:status_list", kwargs={"number": number})
    return f"{site_base_url()}{path}"


def status_entry(certificate: Certificate) -> dict[str, str]:
    """Where a verifier finds whether the certificate was revoked: its bit in a
    W3C Bitstring Status List (`certificates.status_list`)."""
    number, index = status_list.position(certificate.pk)
    url = status_list_url(number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status_list.PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def credential_sign(*, certificate: Certificate, key: SigningKey) -> dict[str, Any]:
    return openbadges.sign(
        credential=credential_build(certificate=certificate),
        secret_multibase=signing_key_secret(key),
        verification_method=key_id(key.number),
        created=timezone.now(),
    )


def credential_bytes(credential: dict[str, Any]) -> bytes:
    """The stored credential as the file learners download and the PDF embeds."""
    return json.dumps(credential, ensure_ascii=False, indent=2).encode("utf-8")
