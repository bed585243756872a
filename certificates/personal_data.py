"""The certificates app's part of a person's data download (see
`training.personal_data`): every certificate issued to the person with its status
history, the expiry reminders sent about them and the content-update notices the
person got. Signing keys, salts, the PDF's storage path and other people (who
revoked, managers who got a copy of a reminder, who recorded a change) stay out.
Five queries, however many certificates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Page

from certificates.credentials import verification_url
from certificates.models import (
    Certificate,
    CertificateStatusLog,
    ContentUpdateNotice,
    ReminderLog,
)
from certificates.status import status_of, status_view
from certificates.validity import Status
from training.models import User
from training.personal_data import iso


def _certificates(*, user: User) -> list[Certificate]:
    return list(
        Certificate.objects.filter(user=user)
        .select_related("template", "replaced_by")
        .prefetch_related(
            Prefetch(
                "status_log",
                queryset=CertificateStatusLog.objects.order_by("created_at", "pk"),
            ),
            Prefetch("reminders", queryset=ReminderLog.objects.order_by("sent_at")),
            Prefetch(
                "content_notices",
                queryset=ContentUpdateNotice.objects.select_related(
                    "change", "change__page", "change__module"
                ),
            ),
        )
        .order_by("course_title", "cycle", "pk")
    )


def _status_label(name: str) -> str | None:
    """A logged `Status` member name as its Dutch text (the name when unknown)."""
    if not name:
        return None
    try:
        return status_view(Status[name]).label
    except KeyError:
        return name


def _certificate(certificate: Certificate, *, today) -> dict[str, Any]:
    status = status_view(status_of(certificate=certificate, today=today))
    replacement = certificate.replaced_by
    return {
        "naam_op_certificaat": certificate.holder_name,
        "cursus": certificate.course_title,
        "code": certificate.code_display,
        "verificatie_url": verification_url(certificate),
        "cyclus": certificate.cycle,
        "inhoudsversie": certificate.content_version,
        "uitgegeven_op": iso(certificate.issued_on),
        "uitgegeven_tijdstip": iso(certificate.issued_at),
        "geldig_tot_en_met": iso(certificate.valid_until),
        "resultaten": certificate.score_summary,
        "accreditatie": certificate.accreditation,
        "status": status.label,
        "ingetrokken_op": iso(certificate.revoked_at),
        "reden_van_intrekking": certificate.revocation_reason or None,
        "vervangen_door": replacement.code_display if replacement else None,
        "sjabloon": certificate.template.name if certificate.template else None,
        "pdf_aangemaakt_op": iso(certificate.rendered_at) if certificate.pdf else None,
        "open_badges_credential": certificate.credential,
        "statusgeschiedenis": [
            {
                "tijdstip": iso(entry.created_at),
                "van": _status_label(entry.from_status),
                "naar": _status_label(entry.to_status),
                "reden": entry.reason or None,
            }
            for entry in certificate.status_log.all()
        ],
    }


def _reminder(reminder: ReminderLog, *, certificate: Certificate, user: User):
    own = (user.email or "").strip().lower()
    addresses = [a.strip().lower() for a in reminder.recipients.splitlines()]
    addresses = [a for a in addresses if a]
    return {
        "certificaat": certificate.code_display,
        "cursus": certificate.course_title,
        "dagen_voor_verlopen": reminder.offset,
        "soort": (
            "op de vervaldatum"
            if reminder.offset == 0
            else f"{reminder.offset} dagen vóór verlopen"
        ),
        "verzonden_op": iso(reminder.sent_at),
        "aan_mijzelf": own in addresses,
        # Managers' addresses are their personal data: only how many got a copy.
        "aantal_andere_ontvangers": len([a for a in addresses if a != own]),
    }


def _notice(
    notice: ContentUpdateNotice, *, certificate: Certificate, titles: dict[int, str]
) -> dict[str, Any]:
    change = notice.change
    visited = set(notice.visited_page_ids)
    return {
        "certificaat": certificate.code_display,
        "cursus": certificate.course_title,
        "wat_is_er_veranderd": change.summary,
        "gewijzigde_pagina": change.page.title,
        "module": change.module.title if change.module else None,
        "ontvangen_op": iso(notice.created_at),
        "verplicht": notice.is_mandatory,
        "afronden_voor": iso(notice.due_on),
        "lessen": [
            {"titel": titles.get(pk), "geopend": pk in visited}
            for pk in notice.page_ids
        ],
        "gemaild_op": iso(notice.emailed_at),
        "gelezen_op": iso(notice.acknowledged_at),
        "afgerond_op": iso(notice.completed_at),
        "bijgewerkt": notice.completed_at is not None,
    }


def personal_data(*, user: User) -> dict[str, Any]:
    """The sections "certificaten", "verloopherinneringen" and "inhoudsupdates"."""
    today = timezone.localdate()
    certificates = _certificates(user=user)
    page_ids = {
        pk
        for certificate in certificates
        for notice in certificate.content_notices.all()
        for pk in notice.page_ids
    }
    titles = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "title"))
    return {
        "certificaten": [
            _certificate(certificate, today=today) for certificate in certificates
        ],
        "verloopherinneringen": [
            _reminder(reminder, certificate=certificate, user=user)
            for certificate in certificates
            for reminder in certificate.reminders.all()
        ],
        "inhoudsupdates": [
            _notice(notice, certificate=certificate, titles=titles)
            for certificate in certificates
            for notice in certificate.content_notices.all()
        ],
    }
