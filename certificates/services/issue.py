"""Issuing certificates: exactly one per learner, course and cycle.

`certificate_issue` checks completion and records the certificate in one short
transaction (the enrolment row is locked and a unique constraint backs it up, so
concurrent completions issue one), then enqueues `certificate_render_task`, which
signs the credential and renders and stores the PDF. Until that task has run the
learner sees "wordt aangemaakt". It runs after the progress commits, from the
outbox in `certificates.services.issue_requests`, which retries it when it fails.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from certificates import validity
from certificates.models import Certificate, ValidityRule
from certificates.services.issued_email import certificate_issued_email
from certificates.services.log import status_log_add
from certificates.status import status_of
from courses.cache import course_outline_cached, course_tree_version
from courses.completion import CompletionStatus
from courses.course_records import authorship_snapshot
from courses.models import CoursePage, Enrolment
from courses.selectors import course_completion_status
from training.background.services import task_enqueue_once
from training.metrics import certificate_issued_count
from training.models import User

# Organisations register function(user=, course=) -> int | None (months) here.
VALIDITY_HOOK = "bijblijven_validity_months"
# Apps above register function(certificate=) here: called once, when
# `certificate_issue` records a certificate, inside that transaction (registers:
# attendance records), so either both are written or neither.
CERTIFICATE_ISSUED_HOOK = "bijblijven_certificate_issued"
SCHEMA_VERSION = 1


class CertificateNotEarned(ValidationError):
    """The learner has not completed the course (in the current cycle)."""


def validity_months_for(*, course: CoursePage, user: User) -> int:
    """Organisation override (hook), else the profession rule, else the course."""
    for hook in hooks.get_hooks(VALIDITY_HOOK):
        months = hook(user=user, course=course)
        if months:
            return int(months)
    if user.profession:
        rule = ValidityRule.objects.filter(
            course=course, profession=user.profession
        ).first()
        if rule is not None:
            return rule.months
    return course.validity_months


def accreditation_snapshot(*, course: CoursePage) -> dict[str, Any]:
    """Accreditation and authorship as they were at issue. ``authorship`` was
    added later: older certificates lack the key, so readers use ``.get``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "items": [
            {
                "register": a.register_display,
                "points": str(a.points),
                "number": a.number,
            }
            for a in course.accreditations.select_related("register")
        ],
        "authorship": authorship_snapshot(course=course),
    }


def best_scores(*, user: User, page_ids: list[int], cycle: int) -> dict[int, float]:
    """The best passing score (0–1) per quiz or scenario page in `cycle`."""
    from assessments.models import Attempt
    from assessments.scenarios.models import ScenarioAttempt

    scores: dict[int, float] = {}
    if not page_ids:
        return scores
    for model, page_field in ((Attempt, "quiz_id"), (ScenarioAttempt, "page_id")):
        rows = (
            model.objects.filter(
                user=user, cycle=cycle, passed=True, **{f"{page_field}__in": page_ids}
            )
            .values(page_field)
            .annotate(best=Max("score"))
        )
        scores.update({row[page_field]: row["best"] for row in rows})
    return scores


def score_summary_build(
    *, user: User, course: CoursePage, status: CompletionStatus
) -> dict[str, Any]:
    """Requirements done, and the best score of each quiz and scenario."""
    assessed = [r for r in status.requirements if r.kind != "lesson"]
    scores = best_scores(
        user=user, page_ids=[r.page_id for r in assessed], cycle=status.cycle
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "requirements": {"done": status.done_count, "total": status.total},
        "assessments": [
            {"title": r.title, "kind": r.kind, "score": scores.get(r.page_id)}
            for r in assessed
        ],
    }


def content_version_of(course: CoursePage) -> str:
    """The latest publication anywhere in the course, e.g. "2025-03-01 14:02"."""
    latest = (
        Page.objects.live()
        .descendant_of(course, inclusive=True)
        .aggregate(latest=Max("last_published_at"))["latest"]
    )
    latest = latest or timezone.now()
    return f"{timezone.localtime(latest):%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class IssueFacts:
    """What a certificate records about its holder and course, read before the
    write lock is taken (see `certificate_issue`)."""

    holder_name: str
    course_title: str
    revision_id: int | None
    content_version: str
    valid_until: datetime.date
    score_summary: dict[str, Any]
    accreditation: dict[str, Any]


def issue_facts(
    *,
    user: User,
    course: CoursePage,
    issued_on: datetime.date,
    score_summary: dict[str, Any] | None = None,
    valid_until: datetime.date | None = None,
) -> IssueFacts:
    months = validity_months_for(course=course, user=user)
    return IssueFacts(
        holder_name=user.full_name or user.email,
        course_title=course.title,
        revision_id=course.live_revision_id,
        content_version=content_version_of(course),
        valid_until=valid_until
        or validity.valid_until(issued_on=issued_on, months=months),
        score_summary=score_summary
        or {"schema_version": SCHEMA_VERSION, "requirements": {}, "assessments": []},
        accreditation=accreditation_snapshot(course=course),
    )


@transaction.atomic
def certificate_create(
    *,
    user: User,
    course: CoursePage,
    cycle: int,
    issued_at: datetime.datetime,
    facts: IssueFacts | None = None,
    valid_until: datetime.date | None = None,
) -> Certificate:
    """Record a certificate without checking completion (issuing, the demo, imports
    of certificates earned elsewhere). Marks earlier cycles' certificates replaced.
    Raises `IntegrityError` when this cycle already has one."""
    issued_on = timezone.localdate(issued_at)
    facts = facts or issue_facts(
        user=user, course=course, issued_on=issued_on, valid_until=valid_until
    )
    certificate = Certificate.objects.create(
        user=user,
        course=course,
        cycle=cycle,
        holder_name=facts.holder_name,
        course_title=facts.course_title,
        revision_id=facts.revision_id,
        content_version=facts.content_version,
        issued_at=issued_at,
        issued_on=issued_on,
        valid_until=facts.valid_until,
        score_summary=facts.score_summary,
        accreditation=facts.accreditation,
    )
    status_log_add(certificate=certificate, before=None, after=validity.Status.VALID)
    today = timezone.localdate()
    older = (
        Certificate.objects.select_for_update()
        .filter(user=user, course=course, cycle__lt=cycle, replaced_by__isnull=True)
        .prefetch_related("content_notices")
    )
    for previous in older:
        before = status_of(certificate=previous, today=today)
        previous.replaced_by = certificate
        previous.save(update_fields=["replaced_by"])
        status_log_add(
            certificate=previous,
            before=before,
            after=validity.Status.REPLACED,
            reason=_("Vervangen door certificaat %(code)s.")
            % {"code": certificate.code_display},
        )
    return certificate


def certificate_issue(*, user: User, course: CoursePage) -> Certificate:
    """Issue the certificate for the learner's current cycle of `course`.

    Idempotent: a second call (or a concurrent one) returns the same certificate.
    Raises `CertificateNotEarned`, changing nothing, when the course is not
    complete. The PDF follows in `certificate_render_task` after commit; the
    learner's "certificate issued" email is queued in the outbox with the row.

    Completion and the facts to record are read first, outside any transaction
    (completions are never withdrawn, so a complete course stays complete); only
    the check for an existing certificate and the insert run under the lock on the
    enrolment row. That keeps the write lock short, which matters on SQLite, where
    a transaction locks the whole database.

    The course outline comes from the cache keyed by the tree version, which a
    publish clears at once (a third of an issue's time was building it again).
    """
    outline = course_outline_cached(
        course=course, version=course_tree_version(course=course)
    )
    # the plain row: the learner's last lesson (a whole page) is not needed here
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    status = course_completion_status(
        user=user, course=course, outline=outline, enrolment=enrolment
    )
    if not status.enrolled:
        raise CertificateNotEarned(_("Je bent niet ingeschreven voor deze cursus."))
    existing = Certificate.objects.filter(
        user=user, course=course, cycle=status.cycle
    ).first()
    if existing is not None:
        return existing
    if not status.is_complete:
        raise CertificateNotEarned(
            _(
                "Je hebt deze cursus nog niet afgerond (%(done)s van %(total)s "
                "onderdelen); er is geen certificaat uitgegeven."
            )
            % {"done": status.done_count, "total": status.total}
        )
    issued_at = timezone.now()
    facts = issue_facts(
        user=user,
        course=course,
        issued_on=timezone.localdate(issued_at),
        score_summary=score_summary_build(user=user, course=course, status=status),
    )
    with transaction.atomic():
        _lock_wait_bound()
        enrolment = Enrolment.objects.select_for_update().get(user=user, course=course)
        if enrolment.cycle != status.cycle:
            # a renewal started meanwhile: the new cycle is not complete yet
            raise CertificateNotEarned(_("Je bent aan een nieuwe cyclus begonnen."))
        existing = Certificate.objects.filter(
            user=user, course=course, cycle=status.cycle
        ).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                certificate = certificate_create(
                    user=user,
                    course=course,
                    cycle=status.cycle,
                    issued_at=issued_at,
                    facts=facts,
                )
                certificate_issued_email(certificate=certificate)
                for hook in hooks.get_hooks(CERTIFICATE_ISSUED_HOOK):
                    hook(certificate=certificate)
        except IntegrityError:
            return Certificate.objects.get(user=user, course=course, cycle=status.cycle)
        transaction.on_commit(
            lambda: certificate_render_enqueue(certificate=certificate)
        )
        certificate_issued_count()
    return certificate


def _lock_wait_bound() -> None:
    """Give up (an `OperationalError`) rather than wait longer than
    `CERTIFICATE_ISSUE_LOCK_TIMEOUT_MS` for a lock: the learner's request must
    not hang, and the outbox retries. SQLite's busy timeout plays this part there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)",
                [f"{int(settings.CERTIFICATE_ISSUE_LOCK_TIMEOUT_MS)}ms"],
            )


def certificate_render_enqueue(*, certificate: Certificate) -> bool:
    """Enqueue the render unless one is already waiting or running (a learner
    reloading the "wordt aangemaakt" page adds no work). Returns whether it did."""
    from certificates.tasks import certificate_render_task

    return task_enqueue_once(certificate_render_task, certificate_id=certificate.pk)


def certificate_issue_if_complete(
    *, user: User, course: CoursePage
) -> Certificate | None:
    """The course-progress hook: issue when complete, else do nothing."""
    try:
        return certificate_issue(user=user, course=course)
    except CertificateNotEarned:
        return None
