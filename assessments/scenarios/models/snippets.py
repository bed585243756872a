"""Skill tags: the configurable list of conversation skills choices are tagged with.

Trainers manage the list as a snippet; a data migration seeds the defaults
(motivational interviewing, de-escalation, stigma-free language). The ``key`` is
stored in scenario definitions and attempts' scores, so it never changes once
used; retire a tag by unticking ``active``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SkillTag(index.Indexed, models.Model):
    """A skill a choice shows, e.g. 'Open vraag' or 'Meebewegen met weerstand'."""

    key = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Vast, in kleine letters, bijvoorbeeld open_vraag."),
    )
    label = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("uitleg"), blank=True)
    active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Alleen actieve vaardigheden zijn te kiezen bij nieuwe keuzes."),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    panels = [
        FieldPanel("key"),
        FieldPanel("label"),
        FieldPanel("description"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("label"), index.AutocompleteField("label")]

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = _("vaardigheid")
        verbose_name_plural = _("vaardigheden")

    def __str__(self) -> str:
        return self.label
