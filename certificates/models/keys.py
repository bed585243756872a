"""Ed25519 signing keys for Open Badges credentials.

The secret key is stored encrypted (Fernet, see `certificates.services.keys`) and is
never shown in the admin; the public key is published at
`/openbadges/issuer/keys/<number>` for as long as credentials signed with it exist,
so a rotated key stays published with `active=False`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    number = models.PositiveIntegerField(_("nummer"), unique=True)
    public_multibase = models.CharField(_("publieke sleutel"), max_length=64)
    secret_encrypted = models.TextField(editable=False)
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    retired_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="signingkey_one_active",
            )
        ]
        verbose_name = _("ondertekeningssleutel")
        verbose_name_plural = _("ondertekeningssleutels")

    def __str__(self) -> str:
        return f"#{self.number} {self.public_multibase[:16]}…"

    def __repr__(self) -> str:
        # never the secret, not even encrypted, in logs or tracebacks
        return f"<SigningKey #{self.number}>"
