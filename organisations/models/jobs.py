"""Long work for managers that runs as a background task with a status page:
checking and applying a staff import (`StaffImport`) and writing the XLSX export
(`ComplianceExport`). Both record rows done of total for the progress
indicator; the export's file is private to the organisation's managers and
expires (`delete_expired_exports`)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from training.models.uploads import StoredUpload


def job_token_new() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Wacht op controle")
    CHECKING = "checking", _("Wordt gecontroleerd")
    REJECTED = "rejected", _("Fouten gevonden")
    PREVIEWED = "previewed", _("Voorvertoning")
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class Job(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices)
    total = models.PositiveIntegerField(default=0)  # rows
    done = models.PositiveIntegerField(default=0)  # rows
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_working(self) -> bool:
        return self.status in {JobStatus.QUEUED, JobStatus.RUNNING}

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class StaffImport(Job, StoredUpload):
    """A staff spreadsheet on its way in. The upload request stores the file
    (`upload`, private, deleted once read) and queues a task that checks it:
    `uploaded` → `checking` → `rejected` (per-row `errors`, nothing saved) or
    `previewed` (`rows` holds the checked rows, the `StaffRow` fields). The
    confirm form carries `token`; confirming moves the import from previewed to
    queued under a row lock, so a double click applies it once. Rows are applied
    in chunks: each chunk's invitations and the new `done` are one transaction.
    A job whose worker died shows as stopped (`is_stalled`)."""

    token = models.CharField(max_length=64, unique=True, default=job_token_new)
    digest = models.CharField(max_length=64)  # sha256 of the uploaded file
    # [{"row": int | None (the header), "column": str, "message": str}]
    errors = models.JSONField(default=list)
    empty_rows = models.JSONField(default=list)  # row numbers skipped
    rows = models.JSONField(default=list)
    invited = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personeelsimport")
        verbose_name_plural = _("personeelsimports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "submission"],
                condition=~models.Q(submission=""),
                name="staff_import_one_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: import {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_working(self) -> bool:
        return self.status in {
            JobStatus.UPLOADED,
            JobStatus.CHECKING,
            JobStatus.QUEUED,
            JobStatus.RUNNING,
        }

    @property
    def is_checking(self) -> bool:
        return self.status in {JobStatus.UPLOADED, JobStatus.CHECKING}

    @property
    def is_stalled(self) -> bool:
        """Checking or applying, but without a step for `STALLED_AFTER`."""
        return (
            self.status in {JobStatus.CHECKING, JobStatus.RUNNING}
            and self.heartbeat_lost()
        )


def export_upload_to(instance, filename: str) -> str:
    # A random name: the file is served only by the managers' download view.
    return f"exports/{secrets.token_urlsafe(24)}.xlsx"


class ComplianceExport(Job):
    """The dashboard as an XLSX file, written by a task. `filters` holds the
    dashboard filters it was asked with ({"team": id|None, "profession": str,
    "status": str, "query": str, "sort": str}, schema_version 1)."""

    filters = models.JSONField(default=dict)
    file = models.FileField(upload_to=export_upload_to, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.organisation}: export {self.created_at:%Y-%m-%d %H:%M}"
