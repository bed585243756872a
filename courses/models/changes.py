"""Material content changes: what changed in a course and why, tied to the page
revision that was published. The certificates app acts on these."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentChange(models.Model):
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="content_changes"
    )
    # The page whose publish was marked: the course itself or a lesson in it.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    # The module holding the changed lesson; empty when the course page changed.
    module = models.ForeignKey(
        "courses.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    summary = models.TextField(_("wat is er veranderd en waarom"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inhoudswijziging")
        verbose_name_plural = _("inhoudswijzigingen")

    def __str__(self) -> str:
        return f"{self.course}: {self.summary[:60]}"
