"""Issued certificates and their status history.

A certificate is a record, not a document that evolves: what was issued (holder name,
course, content version, dates, score summary, accreditation, code, cycle) is written
once and refused by `save()` afterwards. The signed credential and the PDF are
artefacts written once by `certificates.services.certificate_render`. Only the status
fields (revocation, replacement) change, each change logged in `CertificateStatusLog`.
The displayed status (valid, expiring, expired, ...) is derived from these fields and
today's date by `certificates.status.status_of`, never stored.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Crockford base32: no I, L, O, U, so a typed code is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # characters of 5 bits: 80 bits from `secrets`
CODE_GROUP = 4

# Written at issue, never changed afterwards.
ISSUED_FIELDS = frozenset(
    {
        "user",
        "course",
        "cycle",
        "code",
        "holder_name",
        "course_title",
        "revision",
        "content_version",
        "issued_at",
        "issued_on",
        "valid_until",
        "score_summary",
        "accreditation",
    }
)


def certificate_code_new() -> str:
    """16 Crockford base32 characters from the OS's secure random source."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(text: str) -> str | None:
    """The stored form of a typed or scanned code, or None when it cannot be one.

    Case, spaces and hyphens are ignored; O reads as 0 and I or L as 1.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    cleaned = "".join(text.split()).replace("-", "").upper()
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return cleaned


def code_display(code: str) -> str:
    """`K7QF3M9XWT2P8HDA` as `K7QF-3M9X-WT2P-8HDA`."""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


class CertificateImmutableError(ValueError):
    """Code tried to change a field that is fixed at issue."""


def certificate_pdf_path(instance: Certificate, filename: str) -> str:
    # A random name unrelated to the verification code: knowing the code (printed
    # on paper) must not lead to the file, which holds the score.
    return f"certificates/{instance.issued_on:%Y}/{secrets.token_urlsafe(16)}.pdf"


class Certificate(models.Model):
    """One certificate for one learner, course and certification cycle."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("houder"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cursus"),
    )
    cycle = models.PositiveSmallIntegerField(_("cyclus"))
    code = models.CharField(
        _("code"), max_length=CODE_LENGTH, unique=True, default=certificate_code_new
    )
    holder_name = models.CharField(_("naam van de houder"), max_length=300)
    course_title = models.CharField(_("cursustitel"), max_length=255)
    # The course page's live revision at issue; lessons have their own revisions, so
    # `content_version` also records the latest publication anywhere in the course.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inhoudsversie (revisie)"),
    )
    content_version = models.CharField(_("inhoudsversie"), max_length=64)
    issued_at = models.DateTimeField(_("uitgegeven op (tijdstip)"))
    issued_on = models.DateField(_("uitgegeven op"))
    valid_until = models.DateField(_("geldig tot en met"))
    score_summary = models.JSONField(
        _("resultaten"),
        default=dict,
        help_text="schema_version 1: {requirements: {done, total}, "
        "assessments: [{title, kind, score (0–1)}]}",
    )
    accreditation = models.JSONField(
        _("accreditatie"),
        default=dict,
        help_text="schema_version 1: {items: [{register, points, number}]}",
    )

    # Artefacts: written once by certificate_render.
    credential = models.JSONField(_("Open Badges-credential"), null=True, blank=True)
    signing_key = models.ForeignKey(
        "certificates.SigningKey",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(upload_to=certificate_pdf_path, blank=True, max_length=200)
    rendered_at = models.DateTimeField(null=True, blank=True)

    # Status: the only fields that change after issue.
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reden van intrekking"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("vervangen door"),
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "cycle"],
                name="certificate_unique_user_course_cycle",
            )
        ]
        indexes = [models.Index(fields=["valid_until"])]
        permissions = [("revoke_certificate", _("Certificaten intrekken"))]
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")

    def __str__(self) -> str:
        return f"{self.holder_name}: {self.course_title} ({self.code_display})"

    def save(self, *args, update_fields=None, **kwargs):
        """New rows save whole; afterwards only named non-issued fields."""
        if not self._state.adding:
            if update_fields is None:
                raise CertificateImmutableError(
                    "An issued certificate saves only named fields (update_fields)."
                )
            fixed = ISSUED_FIELDS.intersection(update_fields)
            if fixed:
                raise CertificateImmutableError(
                    f"Issued fields never change: {sorted(fixed)}"
                )
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def is_rendered(self) -> bool:
        return bool(self.pdf)


class CertificateStatusLog(models.Model):
    """A status event: issued, revoked, replaced, content update required or done.

    `from_status`/`to_status` hold `certificates.validity.Status` member names
    (empty `from_status` at issue). Dates alone (expiring, expired, an overdue
    update) change the derived status without an event, so they are not logged.
    """

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="status_log"
    )
    created_at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    from_status = models.CharField(_("van"), max_length=32, blank=True)
    to_status = models.CharField(_("naar"), max_length=32)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.from_status} → {self.to_status}"
