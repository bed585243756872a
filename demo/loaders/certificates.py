"""Demo certificates: the demo learner holds one of each kind, so every status can
be seen at once on "Mijn leeromgeving" and the verification page: valid, expiring,
expired, revoked, and valid with the content updated since. Also a default
certificate template and the signing key.
Idempotent: a course that already has the learner's certificate is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, CertificateTemplate
from certificates.services.content_updates import content_change_notify
from certificates.services.issue import certificate_create
from certificates.services.keys import signing_key_create
from certificates.services.render import certificate_render
from certificates.services.revoke import certificate_revoke
from courses.models import (
    ContentChange,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
)
from courses.selectors import course_list_sources
from training.models import User

LEARNER_EMAIL = "leerling@bijblijven.example"
ADMIN_EMAIL = "admin@bijblijven.example"
KINDS = ("valid", "expiring", "expired", "revoked", "content_updated")
CHANGE_SUMMARY = (
    "De richtlijn is bijgewerkt: nieuwe adviezen over combinatiegebruik en een "
    "gewijzigde verwijsroute. Lees de gewijzigde lessen opnieuw."
)


def _dates(kind: str, today: datetime.date):
    """(days since issue, valid_until or None for the course's validity)."""
    return {
        "valid": (60, None),
        "expiring": (700, today + datetime.timedelta(days=25)),
        "expired": (760, today - datetime.timedelta(days=20)),
        "revoked": (100, None),
        "content_updated": (120, None),
    }[kind]


def _complete_lessons(user: User, course: CoursePage) -> None:
    Enrolment.objects.get_or_create(user=user, course=course)
    for lesson in LessonPage.objects.live().descendant_of(course).filter(required=True):
        LessonCompletion.objects.get_or_create(
            user=user, lesson=lesson, cycle=1, defaults={"course": course}
        )


def _content_change(course: CoursePage) -> ContentChange | None:
    existing = ContentChange.objects.filter(course=course, summary=CHANGE_SUMMARY)
    if existing.exists():
        return existing.first()
    module = ModulePage.objects.live().child_of(course).first()
    lesson = LessonPage.objects.live().descendant_of(module).first() if module else None
    revision = lesson.live_revision if lesson else None
    if revision is None or ContentChange.objects.filter(revision=revision).exists():
        return None
    return ContentChange.objects.create(
        course=course,
        page=lesson,
        module=module,
        revision=revision,
        summary=CHANGE_SUMMARY,
    )


def _template_ensure() -> None:
    if not CertificateTemplate.objects.exists():
        CertificateTemplate.objects.create(
            name="Bijblijven standaard",
            is_default=True,
            body="Deze nascholing is ontwikkeld met professionals uit zorg, "
            "preventie en handhaving.",
            signatory_name="Ahmed Yilmaz",
            signatory_title="Programmaleider Bijblijven",
            footer="Bijblijven · nascholing over middelengebruik, seksuele "
            "gezondheid en doorverwijzen.",
        )


@transaction.atomic
def certificates_demo_load() -> int:
    """Give the demo learner their certificates; returns how many were made."""
    _template_ensure()
    signing_key_create()
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    if learner is None:
        return 0
    courses = list(course_list_sources().live().order_by("path"))
    today = timezone.localdate()
    made = 0
    for kind, course in zip(KINDS, courses, strict=False):
        if Certificate.objects.filter(user=learner, course=course).exists():
            continue
        days_ago, valid_until = _dates(kind, today)
        _complete_lessons(learner, course)
        certificate = certificate_create(
            user=learner,
            course=course,
            cycle=1,
            issued_at=timezone.now() - datetime.timedelta(days=days_ago),
            valid_until=valid_until,
        )
        certificate_render(certificate=certificate)
        if kind == "revoked":
            certificate_revoke(
                certificate=certificate,
                actor=User.objects.get(email=ADMIN_EMAIL),
                reason="Demo: ingetrokken na herbeoordeling van de toets.",
            )
        if kind == "content_updated":
            change = _content_change(course)
            if change is not None:
                content_change_notify(change=change, email=False)
        made += 1
    return made
