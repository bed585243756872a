"""The XLSX export as background work: a manager asks for it
(`export_request`), a task writes it (`export_run`) while the status page shows
people done of total, and the finished file is kept privately (a random name
under `MEDIA_ROOT/exports/`, served only to the organisation's managers by the
download view) until `expires_at`; `exports_delete_expired` removes it.

Written once: the task moves the export from queued to running with a
conditional update, so a duplicate delivery of the task writes nothing. The
CSV export stays a streamed response (it starts at once and needs no file)."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organisations.exports import export_rows, xlsx_file
from organisations.models import ComplianceExport, JobStatus, Organisation
from organisations.selectors.dashboard import Filters, members_queryset
from organisations.services.staff_import import staff_imports_delete_old
from training.models import PrivacyAction, PrivacySource, User
from training.privacy_log import privacy_log_many

FILTERS_SCHEMA = 1


def export_filename(*, organisation: Organisation, day: datetime.date) -> str:
    stem = slugify(organisation.name) or "organisatie"
    return f"compliance-{stem}-{day:%Y-%m-%d}.xlsx"


@transaction.atomic
def export_request(
    *, organisation: Organisation, actor: User, filters: Filters
) -> ComplianceExport:
    """Queue an XLSX export of the dashboard with `filters`; a task writes it
    after commit, in the language active now."""
    today = timezone.localdate()
    export = ComplianceExport.objects.create(
        organisation=organisation,
        created_by=actor,
        status=JobStatus.QUEUED,
        filters={
            "schema_version": FILTERS_SCHEMA,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            **asdict(filters),
        },
        total=members_queryset(
            organisation=organisation, filters=filters, today=today
        ).count(),
    )
    export_id = export.pk
    transaction.on_commit(lambda: _enqueue(export_id), robust=True)
    return export


def _enqueue(export_id: int) -> None:
    from organisations.tasks import compliance_export_task

    compliance_export_task.enqueue(export_id=export_id)


def _filters(stored: dict) -> Filters:
    fields = Filters.__dataclass_fields__
    return Filters(**{k: v for k, v in stored.items() if k in fields})


def export_run(*, export_id: int) -> ComplianceExport | None:
    """Write the file of a queued export (the task's body); None when it was
    not queued (already written, or being written by another worker)."""
    started = ComplianceExport.objects.filter(
        pk=export_id, status=JobStatus.QUEUED
    ).update(status=JobStatus.RUNNING)
    if not started:
        return None
    export = ComplianceExport.objects.select_related("organisation").get(pk=export_id)
    today = timezone.localdate()

    def progress(done: int) -> None:
        ComplianceExport.objects.filter(pk=export_id).update(
            done=min(done, export.total)
        )

    def logged(user_ids: list[int]) -> None:
        privacy_log_many(
            actor=export.created_by,
            subject_ids=user_ids,
            action=PrivacyAction.EXPORTED,
            source=PrivacySource.COMPLIANCE_EXPORT,
            context=export.organisation.name,
        )

    try:
        with translation.override(export.filters.get("language")):
            rows = export_rows(
                organisation=export.organisation,
                filters=_filters(export.filters),
                today=today,
                on_chunk=progress,
                on_people=logged,
            )
            handle = xlsx_file(rows, title=_("Compliance"))
        with handle:
            export.filename = export_filename(
                organisation=export.organisation, day=today
            )
            export.file.save(export.filename, File(handle), save=False)
    except Exception:
        ComplianceExport.objects.filter(pk=export_id).update(
            status=JobStatus.FAILED,
            error=_("Er ging iets mis bij het maken van de export."),
            finished_at=timezone.now(),
        )
        raise
    now = timezone.now()
    export.status = JobStatus.DONE
    export.done = export.total
    export.finished_at = now
    export.expires_at = now + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    export.save(
        update_fields=[
            "status",
            "done",
            "finished_at",
            "expires_at",
            "file",
            "filename",
        ]
    )
    return export


def exports_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete expired export files, and exports and staff imports (which hold
    names and addresses) older than a week; returns how many rows went."""
    now = now or timezone.now()
    week_ago = now - datetime.timedelta(days=7)
    deleted = 0
    for export in ComplianceExport.objects.filter(expires_at__lt=now).exclude(file=""):
        export.file.delete(save=False)
        ComplianceExport.objects.filter(pk=export.pk).update(file="")
    deleted += ComplianceExport.objects.filter(created_at__lt=week_ago).delete()[0]
    deleted += staff_imports_delete_old(before=week_ago)
    return deleted
