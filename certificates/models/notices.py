"""Expiry reminders sent and content updates a holder must take note of."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLog(models.Model):
    """An expiry reminder sent for a certificate: once per offset, ever.

    `offset` is in days before `valid_until` (0: on the expiry date); `recipients`
    lists every address it went to, one per line (the learner, and managers that
    the `bijblijven_expiry_reminder_recipients` hook adds).
    """

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.CASCADE, related_name="reminders"
    )
    offset = models.SmallIntegerField(_("dagen vóór verlopen"))
    sent_at = models.DateTimeField(_("verzonden op"))
    recipients = models.TextField(_("ontvangers"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "offset"],
                name="reminderlog_unique_certificate_offset",
            )
        ]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.offset}"


class ContentUpdateNotice(models.Model):
    """A material course change that a holder of a valid certificate must see.

    `page_ids` are the required lessons of the changed module when the change was
    recorded (empty when the course page itself changed); the holder catches up by
    opening each (`visited_page_ids`) and confirming. `due_on` is set when the course
    makes updates mandatory: after it an unfinished update is overdue.
    """

    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.CASCADE,
        related_name="content_notices",
    )
    change = models.ForeignKey(
        "courses.ContentChange", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"))
    due_on = models.DateField(_("afronden vóór"), null=True, blank=True)
    page_ids = models.JSONField(default=list)
    visited_page_ids = models.JSONField(default=list)
    acknowledged_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "change"],
                name="contentupdatenotice_unique_certificate_change",
            )
        ]
        verbose_name = _("inhoudsupdate")
        verbose_name_plural = _("inhoudsupdates")

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.change_id}"

    @property
    def is_mandatory(self) -> bool:
        return self.due_on is not None

    def is_overdue(self, today) -> bool:
        return (
            self.completed_at is None
            and self.due_on is not None
            and today > self.due_on
        )

    @property
    def pages_left(self) -> list[int]:
        return [pk for pk in self.page_ids if pk not in set(self.visited_page_ids)]
