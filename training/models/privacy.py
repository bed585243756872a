"""The privacy log: who viewed, exported or erased whose personal data.

Rows are only ever added: `save()` refuses an existing row, and `delete()`,
`update()` and `bulk_update()` refuse on a row or a queryset. The one way out is
`PrivacyLogEntry.objects.prune(before=...)`, the retention rule of
`manage.py prune_privacy_log`; erasures are kept (their record holds no erased
data, and it shows that a request was carried out).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Code tried to change or remove a privacy log entry."""


class PrivacyAction(models.TextChoices):
    VIEWED = "viewed", _("Bekeken")
    EXPORTED = "exported", _("Geëxporteerd")
    ERASED = "erased", _("Gewist")


class PrivacySource(models.TextChoices):
    """Where personal data was seen, in words for the person and the admin."""

    ACCOUNT = "account", _("Account")
    OWN_DATA = "own_data", _("Download van eigen gegevens")
    PERSON_PAGE = "person_page", _("Persoonspagina voor leidinggevenden")
    COMPLIANCE_EXPORT = "compliance_export", _("Export van het nalevingsoverzicht")
    CERTIFICATES_ZIP = "certificates_zip", _("Certificaten als ZIP")
    SCENARIO_TRANSCRIPT = "scenario_transcript", _("Verloop van een scenario")
    ESSAY_MARKING = "essay_marking", _("Open antwoord bij het beoordelen")
    REGISTRATIONS = "registrations", _("Puntenregistratie (registratienummer)")


class PrivacyLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The privacy log is append-only.")

    def delete(self):
        raise AppendOnlyError("The privacy log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The privacy log is append-only.")

    def prune(self, *, before: datetime.datetime) -> int:
        """Remove views and exports older than `before`; returns how many."""
        old = self.filter(created_at__lt=before).exclude(action=PrivacyAction.ERASED)
        deleted, _rows = models.QuerySet.delete(old)
        return deleted


class PrivacyLogEntry(models.Model):
    """One view, export or erasure of one person's data.

    `source` says where, `context` which organisation, scenario or quiz: words
    that hold none of the subject's own data, so the entry can be shown to them
    and to administrators, and is still fine to keep after an erasure.
    """

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("van wie"),
    )
    action = models.CharField(_("handeling"), max_length=16, choices=PrivacyAction)
    source = models.CharField(_("waar"), max_length=32, choices=PrivacySource)
    context = models.CharField(_("context"), max_length=300, blank=True)

    objects = PrivacyLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject", "-created_at"])]
        permissions = [
            ("erase_account", _("Accounts wissen op verzoek van de persoon")),
        ]
        verbose_name = _("privacylogregel")
        verbose_name_plural = _("privacylog")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The privacy log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The privacy log is append-only.")
