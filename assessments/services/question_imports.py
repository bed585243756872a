"""Importing the question bank in the background: the upload request stores the
file and queues a task (`question_import_upload`); the task reads, checks and
saves it with `assessments.imports.questions_import` (every row valid or
nothing saved, all rows in one transaction) and records the report
(`question_import_run`). No request parses a spreadsheet.

The stored upload is deleted as soon as the task has finished, whatever its
outcome. The task claims a queued import once, so a duplicate in the queue does
nothing; a job whose worker died (`QuestionImport.is_stalled`) can be started
again while its file is still stored (`question_import_retry`); a second submit
of the same upload form returns the first import.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.imports import questions_import
from assessments.models import QuestionImport, QuestionImportStatus
from training.models import User
from training.uploads import STALLED_AFTER, upload_discard, upload_read

logger = logging.getLogger(__name__)


def question_import_upload(
    *, actor: User, filename: str, data: bytes, submission: str = ""
) -> QuestionImport:
    """Store an upload privately and queue its import; reads nothing of it (the
    form checked size, type and the archive's directory). The same `submission`
    twice (a double click) returns the first import and queues nothing."""
    submission = submission[:64]
    if submission:
        earlier = QuestionImport.objects.filter(
            created_by=actor, submission=submission
        ).first()
        if earlier is not None:
            return earlier
    job = QuestionImport(
        created_by=actor,
        filename=filename[:200],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        submission=submission,
        heartbeat_at=timezone.now(),
    )
    job.upload.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:  # the same form, submitted at the same instant
        upload_discard(job.upload)
        return QuestionImport.objects.get(created_by=actor, submission=submission)
    job_id = job.pk
    transaction.on_commit(lambda: _enqueue(job_id), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from assessments.tasks import question_import_task

    question_import_task.enqueue(import_id=job_id)


def _finish(job: QuestionImport, **fields) -> None:
    QuestionImport.objects.filter(
        pk=job.pk, status=QuestionImportStatus.RUNNING
    ).update(
        upload="", heartbeat_at=timezone.now(), finished_at=timezone.now(), **fields
    )
    upload_discard(job.upload)


def question_import_run(*, import_id: int) -> QuestionImport | None:
    """Read, check and save a queued import (the task's body), recording the
    report in the uploader's language. An unexpected error marks the import
    failed (nothing is saved: the rows are saved in one transaction) and is
    raised for the task."""
    claimed = QuestionImport.objects.filter(
        pk=import_id, status=QuestionImportStatus.QUEUED
    ).update(status=QuestionImportStatus.RUNNING, heartbeat_at=timezone.now())
    job = QuestionImport.objects.filter(pk=import_id).first()
    if not claimed or job is None:
        return job

    def progress(done: int, total: int) -> None:
        QuestionImport.objects.filter(pk=import_id).update(
            done=done, total=total, heartbeat_at=timezone.now()
        )

    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            report = questions_import(
                name=job.filename, content=upload_read(job.upload), progress=progress
            )
        except Exception:
            _finish(
                job,
                status=QuestionImportStatus.FAILED,
                error=_(
                    "Het bestand kon niet geïmporteerd worden; er is niets "
                    "opgeslagen. Upload het opnieuw; lukt het dan weer niet, sla "
                    "het op als .csv."
                ),
            )
            raise
        _finish(
            job,
            status=QuestionImportStatus.DONE,
            errors=[asdict(error) for error in report.errors],
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    return QuestionImport.objects.get(pk=import_id)


@transaction.atomic
def question_import_retry(*, job: QuestionImport) -> bool:
    """Start a stalled import again while its upload is stored, else mark it
    failed with a request to upload again. Conditional on the state seen, so a
    double click starts one run."""
    stalled = QuestionImport.objects.filter(
        pk=job.pk,
        status=QuestionImportStatus.RUNNING,
        heartbeat_at__lt=timezone.now() - STALLED_AFTER,
    )
    if not job.upload:
        stalled.update(
            status=QuestionImportStatus.FAILED,
            error=_("Het bestand is niet meer bewaard. Upload het opnieuw."),
            finished_at=timezone.now(),
        )
        return False
    retried = stalled.update(
        status=QuestionImportStatus.QUEUED, heartbeat_at=timezone.now()
    )
    if retried:
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(job_id), robust=True)
    return bool(retried)


def question_imports_delete_old(*, before) -> int:
    """Delete imports created before `before` (their reports quote the rows as
    uploaded), with any upload still stored; returns how many."""
    old = QuestionImport.objects.filter(created_at__lt=before)
    for job in old.exclude(upload=""):
        upload_discard(job.upload)
    return old.delete()[0]
