"""Certificate templates that trainers edit: logo, signatory, texts, colour.

One template is the default; a course uses another when the template lists it under
"Cursussen". The per-course choice lives here, in `CertificateTemplateCourse`, and
not as a field on `CoursePage`: courses must not know about certificates (apps depend
one way), and a trainer sees on one screen which courses print with a template.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin
from wagtail.search import index

DEFAULT_HEADING = "Certificaat"
DEFAULT_INTRO = "Hierbij verklaren wij dat"
DEFAULT_COMPLETION = "de nascholing met goed gevolg heeft afgerond:"
_IMAGE = {
    "null": True,
    "blank": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
}


class CertificateTemplate(PreviewableMixin, index.Indexed, ClusterableModel):
    """The look and texts of a certificate PDF.

    Editors use this to set the logo, the signatory and the wording; the holder's
    name, the course, dates, accreditation and the QR code are filled in.
    """

    name = models.CharField(_("naam"), max_length=100)
    is_default = models.BooleanField(
        _("standaardsjabloon"),
        default=False,
        help_text=_("Gebruikt voor elke cursus die hieronder niet genoemd wordt."),
    )
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logo"), **_IMAGE)
    heading = models.CharField(_("kop"), max_length=100, default=DEFAULT_HEADING)
    intro = models.CharField(
        _("tekst vóór de naam"), max_length=200, default=DEFAULT_INTRO
    )
    completion_text = models.CharField(
        _("tekst vóór de cursus"), max_length=200, default=DEFAULT_COMPLETION
    )
    body = models.TextField(
        _("extra tekst"),
        blank=True,
        help_text=_("Bijv. over de inhoud of de erkenning van de nascholing."),
    )
    footer = models.TextField(_("voettekst"), blank=True)
    signatory_name = models.CharField(
        _("naam ondertekenaar"), max_length=200, blank=True
    )
    signatory_title = models.CharField(
        _("functie ondertekenaar"), max_length=200, blank=True
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("handtekening"), **_IMAGE
    )
    accent_colour = models.CharField(
        _("accentkleur"),
        max_length=7,
        default="#154273",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Gebruik #rrggbb."))],
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("intro"),
                FieldPanel("completion_text"),
                FieldPanel("body"),
                FieldPanel("footer"),
            ],
            heading=_("Teksten"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("accent_colour"),
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
            ],
            heading=_("Vormgeving en ondertekening"),
        ),
        InlinePanel("course_links", heading=_("Cursussen"), label=_("Cursus")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="certificatetemplate_one_default",
            )
        ]
        verbose_name = _("certificaatsjabloon")
        verbose_name_plural = _("certificaatsjablonen")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Making this the default takes the flag from the previous one.
        with transaction.atomic():
            if self.is_default:
                CertificateTemplate.objects.filter(is_default=True).exclude(
                    pk=self.pk
                ).update(is_default=False)
            super().save(*args, **kwargs)

    def get_preview_template(self, request, mode_name):
        return "certificates/admin/template_preview.html"

    def get_preview_context(self, request, mode_name):
        from certificates.rendering import sample_context

        return {
            **super().get_preview_context(request, mode_name),
            **sample_context(template=self),
        }


class CertificateTemplateCourse(Orderable):
    """A course that prints its certificates with this template (one per course)."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="course_links"
    )
    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cursus"),
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("cursus met dit sjabloon")

    def __str__(self) -> str:
        return f"{self.template} → {self.course}"
