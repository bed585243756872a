"""What organisations record about their people: consent to see certificates
earned before joining, reminders sent (at most one a day per person and
organisation) and an audit log of role and required-training changes."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from organisations.models.organisations import MembershipRole


class CertificateConsent(models.Model):
    """A learner lets an organisation see the certificates they earned before
    joining it. Revoking sets `revoked_at`; giving consent again clears it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificate_consents",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="certificate_consents",
    )
    granted = models.BooleanField(default=False)
    decided_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="consent_unique_user_org"
            )
        ]
        verbose_name = _("toestemming certificaten")
        verbose_name_plural = _("toestemmingen certificaten")

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}: {self.granted}"


class ReminderLog(models.Model):
    """A reminder a manager sent to one person. The unique date per person and
    organisation is what limits reminders to one a day."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="reminder_logs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    courses = models.TextField(blank=True)  # titles, one per line

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "sent_on"],
                name="orgreminder_once_a_day",
            )
        ]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")

    def __str__(self) -> str:
        return f"{self.user} ({self.sent_on})"


class AuditAction(models.TextChoices):
    MEMBER_ADDED = "member_added", _("Lid toegevoegd")
    MEMBER_ENDED = "member_ended", _("Lidmaatschap beëindigd")
    ROLE_CHANGED = "role_changed", _("Rol gewijzigd")
    TEAM_CHANGED = "team_changed", _("Team gewijzigd")
    REQUIREMENT_ADDED = "requirement_added", _("Verplichte training toegevoegd")
    REQUIREMENT_REMOVED = "requirement_removed", _("Verplichte training verwijderd")
    CONSENT_GIVEN = "consent_given", _("Toestemming gegeven")
    CONSENT_REVOKED = "consent_revoked", _("Toestemming ingetrokken")


class AuditLog(models.Model):
    """Who changed roles, memberships or required training, and when. Rows are
    only ever added.

    ``detail`` (schema_version 1): ``{"schema_version": 1, "before": str,
    "after": str, "course": str}``, each key optional apart from the version.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="audit_logs",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "subject"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=""), name="auditlog_action_not_empty"
            )
        ]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    @property
    def change_display(self) -> tuple[str, str]:
        """``(before, after)`` as people read them: role codes (stored as codes,
        e.g. "learner") as their labels in the interface language, an end date
        as a date; anything else as stored."""
        before = self.detail.get("before", "")
        after = self.detail.get("after", "")
        if self.action in {AuditAction.MEMBER_ADDED, AuditAction.ROLE_CHANGED}:
            return _role_label(before), _role_label(after)
        if self.action == AuditAction.MEMBER_ENDED and after:
            try:
                after = date_format(datetime.date.fromisoformat(after), "j F Y")
            except ValueError:
                pass
        return before, after


def _role_label(code: str) -> str:
    return str(MembershipRole(code).label) if code in MembershipRole.values else code
