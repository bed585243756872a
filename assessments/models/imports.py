"""A question-bank import on its way in: the upload request stores the file and
queues a task (`assessments.tasks.question_import_task`) that reads, checks and,
only when every row is valid, saves all rows in one transaction. The job's page
in the admin shows progress and then the same report the import always gave."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from training.models.uploads import StoredUpload


class QuestionImportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class QuestionImport(StoredUpload):
    """A finished import with `errors` saved nothing; without, `created`,
    `updated` and `unchanged` count its rows. A job whose worker died shows as
    stopped (`is_stalled`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10,
        choices=QuestionImportStatus.choices,
        default=QuestionImportStatus.QUEUED,
    )
    total = models.PositiveIntegerField(default=0)  # rows, once read
    done = models.PositiveIntegerField(default=0)  # rows checked
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [{"row": int (0: the file), "column": str, "message": str}]
    errors = models.JSONField(default=list)
    error = models.TextField(blank=True)  # why the job failed
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("vragenimport")
        verbose_name_plural = _("vragenimports")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "submission"],
                condition=~models.Q(submission=""),
                name="question_import_one_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_working(self) -> bool:
        return self.status in {
            QuestionImportStatus.QUEUED,
            QuestionImportStatus.RUNNING,
        }

    @property
    def is_stalled(self) -> bool:
        return self.status == QuestionImportStatus.RUNNING and self.heartbeat_lost()

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
