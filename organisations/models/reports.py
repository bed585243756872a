"""The monthly report sent by email to the managers who asked for it: one
delivery per organisation, manager and month, claimed before it is sent (the
unique constraint is what keeps two runs from sending it twice)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("wordt verstuurd")
    SENT = "sent", _("verstuurd")
    FAILED = "failed", _("mislukt, volgende run probeert opnieuw")


class MonthlyReportDelivery(models.Model):
    """The report of `month` (its first day) to one manager. While a run holds
    it (`SENDING`) `claimed_until` is its lease; a run that died mid-send
    leaves it to be claimed again once the lease ends."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="report_deliveries",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("leidinggevende"),
    )
    month = models.DateField(_("maand"))
    status = models.CharField(_("status"), max_length=8, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "organisation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "month"],
                name="monthly_report_once_a_month",
            )
        ]
        verbose_name = _("maandrapport per e-mail")
        verbose_name_plural = _("maandrapporten per e-mail")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.user} ({self.month:%Y-%m})"
