"""The home page and plain information pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from training.blocks import ContentStreamBlock
from training.i18n import localized, source_page


class HomePage(Page):
    """The site root: explains the platform and leads to the course catalogue."""

    intro = models.TextField(_("introductie"), blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("inhoud"))
    catalogue_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cursusoverzicht"),
        help_text=_("De pagina waar de knop 'Bekijk het cursusaanbod' naartoe gaat."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PageChooserPanel("catalogue_page"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "training.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def route(self, request, path_components):
        # below the home page, serve source pages shown translated (training.i18n)
        source = source_page(self) if path_components else self
        if source.pk != self.pk:
            return source.route(request, path_components)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["display"] = localized(self)
        return context


class StandardPage(Page):
    """An information page (about, privacy, accessibility statement)."""

    intro = RichTextField(
        _("introductie"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("inhoud"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["training.HomePage", "training.StandardPage"]
    subpage_types = ["training.StandardPage"]

    class Meta:
        verbose_name = _("informatiepagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["display"] = localized(self)
        return context
