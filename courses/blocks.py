"""Lesson-only blocks: substance and referral cards placed from snippets, and
reflection questions whose answers stay private to the learner and trainers."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from training.blocks import ContentStreamBlock


class SubstanceCardBlock(blocks.StructBlock):
    card = SnippetChooserBlock("courses.SubstanceCard", label=_("stofkaart"))

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/substance_card.html"
        label = _("Stofkaart")
        description = _(
            "Een herbruikbare feitenkaart over een middel; wijzigingen in de kaart "
            "verschijnen in elke les die haar gebruikt."
        )


class ReferralCardBlock(blocks.StructBlock):
    card = SnippetChooserBlock("courses.ReferralCard", label=_("verwijskaart"))

    class Meta:
        icon = "site"
        template = "courses/blocks/referral_card.html"
        label = _("Verwijskaart")
        description = _("Een herbruikbare kaart met een dienst in de regio.")


class ReflectionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("vraag"))
    guidance = blocks.TextBlock(
        label=_("toelichting"),
        required=False,
        help_text=_(
            "Waar de deelnemer aan kan denken; getoond boven het antwoordveld."
        ),
    )

    class Meta:
        icon = "help"
        template = "courses/blocks/reflection.html"
        label = _("Reflectievraag")
        description = _(
            "Een vraag om over na te denken. Het antwoord is alleen zichtbaar voor de "
            "deelnemer en trainers, nooit voor de organisatie."
        )
        preview_value = {
            "question": "Hoe vraag jij naar middelengebruik zonder te oordelen?",
            "guidance": "Denk aan je eigen woorden en die van de ander.",
        }


class LessonStreamBlock(ContentStreamBlock):
    """The body of a lesson: the shared blocks plus cards and reflection."""

    substance_card = SubstanceCardBlock()
    referral_card = ReferralCardBlock()
    reflection = ReflectionBlock()
