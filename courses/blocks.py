"""Lesson-only blocks: substance and referral cards placed from snippets, and
reflection questions whose answers stay private to the learner and trainers."""

from django.core.exceptions import ValidationError
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


class SubstanceFactValue(blocks.StructValue):
    def is_short(self) -> bool:
        return self.get("fact") == "opium_list"

    def card_shown(self):
        """The card in the interface language, for its name; the fact itself
        always comes from the chosen (Dutch source) card."""
        from training.i18n import localized

        return localized(self.get("card"))


class SubstanceFactBlock(blocks.StructBlock):
    """One fact of a substance card shown where the lesson needs it, always as
    the card says now: one edit of the card corrects every lesson."""

    card = SnippetChooserBlock("courses.SubstanceCard", label=_("stofkaart"))
    fact = blocks.ChoiceBlock(
        label=_("feit"),
        choices=[
            ("legal_status", _("Juridische status: lijst, datum en bron")),
            ("opium_list", _("Alleen de lijst van de Opiumwet")),
        ],
        default="legal_status",
    )
    lead = blocks.CharBlock(
        label=_("inleiding"),
        max_length=200,
        required=False,
        help_text=_(
            "Tekst vóór het feit, bijvoorbeeld 'Juridische status van 3-MMC nu:'. "
            "Leeg: de naam van de stof."
        ),
    )

    class Meta:
        icon = "clipboard-list"
        template = "courses/blocks/substance_fact.html"
        label = _("Feit van een stofkaart")
        description = _(
            "Toont een feit zoals het nu op de stofkaart staat, zoals de "
            "juridische status. Schrijf zo'n feit nooit over in de tekst."
        )
        value_class = SubstanceFactValue

    def clean(self, value):
        value = super().clean(value)
        card = value.get("card")
        if card is not None and not card.is_source():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "card": ValidationError(
                        _(
                            "Kies de Nederlandse kaart: zij bevat het feit, "
                            "en de vertaling toont het vanzelf."
                        )
                    )
                }
            )
        return value


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
    fact = SubstanceFactBlock()
    referral_card = ReferralCardBlock()
    reflection = ReflectionBlock()
