"""Content-driven recertification.

When an editor publishes a revision marked as a material change, courses records a
`ContentChange`. `certificates.apps` listens to Wagtail's `page_published` signal
after courses does and enqueues `content_change_notify_task`; the command
`notify_content_changes` reruns the same idempotent service as a safety net.

Every holder of a valid certificate issued before the change gets a
`ContentUpdateNotice` (email and "Mijn leeromgeving"): the summary of what changed
and the changed module's lessons. The holder catches up by opening each of those
lessons and confirming. A mandatory update (the course's policy) is due after the
course's grace period; after that the certificate's status is overdue.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.credentials import verification_url
from certificates.models import Certificate, ContentUpdateNotice
from certificates.services.emails import email_send
from certificates.services.log import status_log_add
from certificates.status import status_of
from certificates.validity import Status
from courses.models import ContentChange, LessonPage
from courses.models.pages import ContentUpdatePolicy
from training.models import User
from training.site_url import site_base_url

NOTICE_EMAIL = "content_update"


def changed_page_ids(*, change: ContentChange) -> list[int]:
    """The required live lessons of the changed module, in course order."""
    if change.module_id is None:
        return []
    return list(
        LessonPage.objects.live()
        .descendant_of(change.module)
        .filter(required=True)
        .order_by("path")
        .values_list("pk", flat=True)
    )


def due_on_for(*, change: ContentChange) -> datetime.date | None:
    course = change.course
    if course.content_update_policy != ContentUpdatePolicy.MANDATORY:
        return None
    created = timezone.localdate(change.created_at)
    return created + datetime.timedelta(days=course.content_update_grace_days)


def content_change_notify(*, change: ContentChange, email: bool = True) -> int:
    """Create a notice for each valid certificate issued before `change` and
    email its holder; returns how many were created. Idempotent: a certificate
    that already has a notice for this change is skipped (one per certificate,
    enforced by a unique constraint)."""
    today = timezone.localdate()
    page_ids = changed_page_ids(change=change)
    due_on = due_on_for(change=change)
    holders = (
        Certificate.objects.filter(
            course_id=change.course_id,
            issued_at__lt=change.created_at,
            revoked_at__isnull=True,
            replaced_by__isnull=True,
            valid_until__gte=today,
        )
        .exclude(content_notices__change=change)
        .select_related("user")
        .prefetch_related("content_notices")
    )
    created = 0
    for certificate in holders:
        try:
            with transaction.atomic():
                before = status_of(certificate=certificate, today=today)
                notice = ContentUpdateNotice.objects.create(
                    certificate=certificate,
                    change=change,
                    created_at=timezone.now(),
                    due_on=due_on,
                    page_ids=page_ids,
                )
                status_log_add(
                    certificate=certificate,
                    before=before,
                    after=Status.CONTENT_UPDATED,
                    reason=change.summary,
                )
                if email:
                    _notice_email(notice=notice, certificate=certificate)
        except IntegrityError:
            continue  # another worker made this notice at the same moment
        created += 1
    return created


def _notice_email(*, notice: ContentUpdateNotice, certificate: Certificate) -> None:
    user = certificate.user
    path = reverse(
        "certificates:update",
        kwargs={"code": certificate.code_display, "notice_id": notice.pk},
    )
    email_send(
        name=NOTICE_EMAIL,
        to=user.email,
        language=user.preferred_language,
        context={
            "user": user,
            "certificate": certificate,
            "notice": notice,
            "summary": notice.change.summary,
            "update_url": f"{site_base_url()}{path}",
            "verify_url": verification_url(certificate),
        },
        key=f"{NOTICE_EMAIL}:{notice.pk}",
    )


def notice_email_sent(*, email) -> None:
    """`EMAIL_SENT_HOOK`: record when a notice's email went out."""
    kind, _sep, notice_id = email.dedup_key.partition(":")
    if kind == NOTICE_EMAIL and notice_id.isdigit():
        ContentUpdateNotice.objects.filter(pk=int(notice_id)).update(
            emailed_at=email.sent_at
        )


def _own_notice(*, user: User, notice: ContentUpdateNotice) -> None:
    if notice.certificate.user_id != user.pk:
        raise PermissionDenied(_("Dit is niet jouw certificaat."))


@transaction.atomic
def notice_acknowledge(
    *, user: User, notice: ContentUpdateNotice
) -> ContentUpdateNotice:
    """The holder has read what changed (first visit of the update page)."""
    _own_notice(user=user, notice=notice)
    if notice.acknowledged_at is None:
        notice.acknowledged_at = timezone.now()
        notice.save(update_fields=["acknowledged_at"])
    return notice


@transaction.atomic
def notice_page_visit(*, user: User, notice: ContentUpdateNotice, page_id: int) -> None:
    """The holder opened one of the changed lessons from the update page."""
    _own_notice(user=user, notice=notice)
    locked = ContentUpdateNotice.objects.select_for_update().get(pk=notice.pk)
    if page_id in locked.page_ids and page_id not in locked.visited_page_ids:
        locked.visited_page_ids = [*locked.visited_page_ids, page_id]
        locked.save(update_fields=["visited_page_ids"])


@transaction.atomic
def notice_complete(*, user: User, notice: ContentUpdateNotice) -> ContentUpdateNotice:
    """Mark the update done once every changed lesson was opened; logs the status
    change. Idempotent. Raises `ValidationError` while lessons are left."""
    _own_notice(user=user, notice=notice)
    locked = ContentUpdateNotice.objects.select_for_update().get(pk=notice.pk)
    if locked.completed_at is not None:
        return locked
    if locked.pages_left:
        raise ValidationError(_("Open eerst alle gewijzigde lessen hieronder."))
    certificate = Certificate.objects.prefetch_related("content_notices").get(
        pk=locked.certificate_id
    )
    today = timezone.localdate()
    before = status_of(certificate=certificate, today=today)
    locked.completed_at = timezone.now()
    locked.acknowledged_at = locked.acknowledged_at or locked.completed_at
    locked.save(update_fields=["completed_at", "acknowledged_at"])
    certificate = Certificate.objects.prefetch_related("content_notices").get(
        pk=certificate.pk
    )
    after = status_of(certificate=certificate, today=today)
    if after != before:
        status_log_add(
            certificate=certificate,
            before=before,
            after=after,
            actor=user,
            reason=_("Inhoudsupdate afgerond."),
        )
    return locked
