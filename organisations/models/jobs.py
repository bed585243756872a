"""Long work for managers that runs as a background task with a status page:
applying a staff import (`StaffImport`) and writing the XLSX export
(`ComplianceExport`). Both record rows done of total for the progress
indicator; the export's file is private to the organisation's managers and
expires (`delete_expired_exports`)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_token_new() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


class JobStatus(models.TextChoices):
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


class StaffImport(Job):
    """A checked spreadsheet of staff. The confirm form carries `token`; the
    confirm request moves the import from previewed to queued under a row lock,
    so a double click applies it once. `rows` holds the checked rows (the
    `StaffRow` fields), applied in chunks: each chunk's invitations and the new
    `done` are one transaction."""

    token = models.CharField(max_length=64, unique=True, default=job_token_new)
    digest = models.CharField(max_length=64)  # sha256 of the uploaded file
    rows = models.JSONField(default=list)
    invited = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personeelsimport")
        verbose_name_plural = _("personeelsimports")

    def __str__(self) -> str:
        return f"{self.organisation}: import {self.created_at:%Y-%m-%d %H:%M}"


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
