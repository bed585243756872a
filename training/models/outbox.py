"""The email outbox: every email the platform sends is first a row here, written
in the same transaction as the change that causes it, then sent by a task
(`training.tasks.outbox_send_task`) and by the periodic `send_queued_email`
command. A message that cannot be sent waits with exponential back-off and is
marked failed after `EMAIL_OUTBOX_MAX_ATTEMPTS`; administrators see and requeue
it in the Wagtail admin ("Uitgaande e-mail"). See `training.outbox`."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")


class OutboundEmail(models.Model):
    """One email to one recipient. `kind` names what it is for (for example
    "invitation" or "expiry_reminder"); `dedup_key` makes queueing the same email
    twice a no-op. The bodies are emptied once the email is sent: they may hold
    links with secrets, and the platform does not keep copies of sent mail."""

    to = models.EmailField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body_text = models.TextField(_("tekst"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    kind = models.CharField(_("soort"), max_length=64, db_index=True)
    dedup_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # While a sender holds the message this is its lease; after a failure, the
    # time of the next try.
    next_attempt_at = models.DateTimeField(_("volgende poging"))
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outbox_pending_due",
            ),
        ]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mail")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
