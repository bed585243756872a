"""The outbox that makes issuing recoverable.

A progress event (a lesson completed, a quiz or scenario passed) writes an
`IssueRequest` in the same transaction as the progress itself. Issuing runs after
commit and deletes the row once it has decided (issued, or not complete yet). A row
that outlives that moment is work left undone (a lock timeout, a killed worker, a
database hiccup): `certificate_issue_task` and `manage.py issue_missing_certificates`
finish it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueRequest(models.Model):
    """Check `user`'s current cycle of `course` and issue when complete."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # When a failed attempt may be tried again; empty until an attempt failed.
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["created_at"])]
        verbose_name = _("uitgifteverzoek")
        verbose_name_plural = _("uitgifteverzoeken")

    def __str__(self) -> str:
        return f"{self.user_id}/{self.course_id} ({self.attempts})"
