"""API keys, the log of every API call, and the link between an organisation's
employee numbers and its memberships.

A key is shown once when created; only its prefix (to recognise it in lists and
logs) and the SHA-256 of the whole key are stored. A key belongs to one
organisation and never reads or writes another.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiScope(models.TextChoices):
    READ = "read", _("Alleen lezen")
    WRITE = "write", _("Lezen en lidmaatschappen bijwerken")


class ApiKey(models.Model):
    """A key an organisation's system sends as ``Authorization: Bearer <key>``."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=100)
    scope = models.CharField(_("rechten"), max_length=8, choices=ApiScope.choices)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)  # SHA-256 of the whole key, hex
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == ApiScope.WRITE


class ApiCall(models.Model):
    """One request to the API, answered or refused. Rows are only ever added."""

    key = models.ForeignKey(
        ApiKey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "created_at"])]
        verbose_name = _("API-aanroep")
        verbose_name_plural = _("API-aanroepen")

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class EmployeeLink(models.Model):
    """An organisation's own employee number for one person: the key that makes
    writing a membership idempotent. Until the person accepts their invitation
    the link holds only the address (`membership` empty); the first read or write
    after that binds it to the membership."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="employee_links",
    )
    external_id = models.CharField(_("personeelsnummer"), max_length=64)
    email = models.EmailField(_("e-mailadres"))
    membership = models.OneToOneField(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee_link",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                name="employeelink_unique_organisation_external_id",
            ),
            models.CheckConstraint(
                condition=~Q(external_id=""), name="employeelink_external_id_set"
            ),
        ]
        verbose_name = _("personeelsnummer")
        verbose_name_plural = _("personeelsnummers")

    def __str__(self) -> str:
        return f"{self.external_id}: {self.email}"
