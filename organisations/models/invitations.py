"""Invitations to join an organisation: by email (for one address, used once) or
by link (used once, or by anyone whose email address is in one domain), always with
an expiry. The token is 256 bits from `secrets`; accepting goes through
`organisations.services.invitations.invitation_accept`."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from training.models import Profession

from .organisations import MembershipRole


def invitation_token_new() -> str:
    return secrets.token_urlsafe(32)  # 32 bytes: 256 bits


class InvitationKind(models.TextChoices):
    EMAIL = "email", _("Per e-mail")
    LINK = "link", _("Uitnodigingslink")


class Invitation(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    kind = models.CharField(max_length=8, choices=InvitationKind.choices)
    token = models.CharField(
        max_length=64, unique=True, default=invitation_token_new, editable=False
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    profession = models.CharField(
        _("beroep"), max_length=32, choices=Profession.choices, blank=True
    )
    team = models.ForeignKey(
        "organisations.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    role = models.CharField(
        _("rol"),
        max_length=16,
        choices=MembershipRole.choices,
        default=MembershipRole.LEARNER,
    )
    single_use = models.BooleanField(_("eenmalig te gebruiken"), default=True)
    # Link invitations for many people: only addresses in this domain may accept.
    allowed_domain = models.CharField(_("e-maildomein"), max_length=120, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The invited person said no; `revoked_at` is set with it, so the address
    # can be invited again later.
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="email") | (~Q(email="") & Q(single_use=True)),
                name="invitation_email_needs_address",
            ),
            models.CheckConstraint(
                condition=Q(single_use=True) | ~Q(allowed_domain=""),
                name="invitation_reusable_needs_domain",
            ),
            # One open email invitation per organisation and address, whatever
            # the letter case (a double-clicked import made thousands).
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(
                    kind="email", accepted_at__isnull=True, revoked_at__isnull=True
                ),
                name="invitation_one_open_per_address",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "email"])]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.email or self.allowed_domain or self.kind}"

    def is_open(self, now) -> bool:
        """Can still be accepted (by the right person) at `now`."""
        if self.revoked_at is not None or now >= self.expires_at:
            return False
        return not (self.single_use and self.accepted_at is not None)
