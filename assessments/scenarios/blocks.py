"""Blocks trainers build a scenario with in the Wagtail admin.

``ScenarioPage.variables`` holds ``VariableStreamBlock`` (declared state variables)
and ``ScenarioPage.steps`` holds ``ScenarioStepStreamBlock``: conversation steps
with choices, and endings with a debrief. ``authoring.definition_from_streams``
turns their stored JSON into the scenario definition of docs/schemas.md. Stream
child names ("variable", "step", "ending", "item" fields) are stored in JSON:
never rename them without a data migration.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from assessments.scenarios.engine import OPERATORS

KEY_HELP = _("Korte, unieke code, bijvoorbeeld s1 of e_positief. Niet meer wijzigen.")
OPERATOR_CHOICES = [(op, op) for op in OPERATORS]
OUTCOME_CHOICES = [
    ("positive", _("Goed afgelopen")),
    ("neutral", _("Neutraal")),
    ("negative", _("Slecht afgelopen")),
]


def skill_tag_choices() -> list[tuple[str, str]]:
    """The active skill tags, read when the admin form is built (so new tags
    appear without a migration)."""
    from assessments.scenarios.models import SkillTag

    return [(tag.key, tag.label) for tag in SkillTag.objects.filter(active=True)]


class ConditionBlock(blocks.StructBlock):
    variable = blocks.CharBlock(label=_("variabele"), required=False, max_length=64)
    op = blocks.ChoiceBlock(
        label=_("vergelijking"), choices=OPERATOR_CHOICES, required=False
    )
    value = blocks.IntegerBlock(label=_("waarde"), required=False)

    class Meta:
        icon = "help"
        label = _("voorwaarde")
        description = _("Bijvoorbeeld: vertrouwen < 2. Leeg laten: geen voorwaarde.")
        preview_value = {"variable": "vertrouwen", "op": "<", "value": 2}


class RequiredConditionBlock(ConditionBlock):
    variable = blocks.CharBlock(label=_("variabele"), max_length=64)
    op = blocks.ChoiceBlock(label=_("vergelijking"), choices=OPERATOR_CHOICES)
    value = blocks.IntegerBlock(label=_("waarde"))


class EffectBlock(blocks.StructBlock):
    variable = blocks.CharBlock(label=_("variabele"), max_length=64)
    amount = blocks.IntegerBlock(
        label=_("verandering"), help_text=_("Bijvoorbeeld 1 of -2.")
    )

    class Meta:
        icon = "plus"
        label = _("effect")
        description = _("Telt op bij een variabele (binnen haar bereik).")
        preview_value = {"variable": "vertrouwen", "amount": 1}


class RouteBlock(blocks.StructBlock):
    condition = RequiredConditionBlock(label=_("als"))
    target = blocks.CharBlock(label=_("ga dan naar stap"), max_length=64)

    class Meta:
        icon = "redirect"
        label = _("route")
        description = _(
            "Na de effecten gecontroleerd, in volgorde; de eerste die klopt wint."
        )
        preview_value = {
            "condition": {"variable": "vertrouwen", "op": "<", "value": 2},
            "target": "s7",
        }


class ScenarioChoiceBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("code"),
        required=False,
        max_length=64,
        help_text=_("Leeg: c1, c2, … op volgorde."),
    )
    text = blocks.TextBlock(label=_("wat de deelnemer zegt of doet"))
    target = blocks.CharBlock(label=_("volgende stap (code)"), max_length=64)
    feedback = blocks.TextBlock(label=_("feedback"), required=False)
    points = blocks.FloatBlock(label=_("punten"), default=0, min_value=0)
    skills = blocks.MultipleChoiceBlock(
        label=_("vaardigheden"),
        choices=skill_tag_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    condition = ConditionBlock(
        label=_("alleen tonen als"), required=False, collapsed=True
    )
    effects = blocks.ListBlock(EffectBlock(), label=_("effecten"), collapsed=True)
    routes = blocks.ListBlock(RouteBlock(), label=_("routes"), collapsed=True)

    class Meta:
        icon = "arrow-right"
        label = _("keuze")
        description = _("Een antwoord dat de deelnemer kan kiezen.")
        preview_value = {
            "key": "c1",
            "text": "Vertel eens wat meer over je slaap.",
            "target": "s2",
            "feedback": "Een open vraag nodigt uit tot vertellen.",
            "points": 2,
            "skills": ["open_vraag"],
        }


class StepMediaMixin(blocks.StructBlock):
    key = blocks.CharBlock(label=_("code"), max_length=64, help_text=KEY_HELP)
    title = blocks.CharBlock(
        label=_("korte titel"),
        max_length=120,
        help_text=_("Voor de kaart en het overzicht van het gevolgde pad."),
    )
    speaker = blocks.CharBlock(label=_("wie"), required=False, max_length=120)
    text = blocks.RichTextBlock(
        label=_("wat er gezegd of gedaan wordt"),
        required=False,
        features=["bold", "italic", "link", "ul", "ol"],
    )
    image = ImageChooserBlock(label=_("afbeelding"), required=False)
    audio = DocumentChooserBlock(label=_("geluidsfragment"), required=False)
    audio_seconds = blocks.IntegerBlock(
        label=_("duur van het geluidsfragment (seconden)"),
        required=False,
        min_value=0,
        help_text=_("Telt mee in de berekende studietijd van het scenario."),
    )
    media_transcript = blocks.TextBlock(
        label=_("transcriptie of beschrijving"),
        required=False,
        help_text=_("Verplicht bij geluid: wat er te horen is, voor wie niet hoort."),
    )


class ScenarioStepBlock(StepMediaMixin):
    choices = blocks.ListBlock(ScenarioChoiceBlock(), label=_("keuzes"))

    class Meta:
        icon = "openquote"
        label = _("stap")
        template = "scenarios/blocks/step.html"
        description = _("Wat de ander zegt of doet, met de keuzes van de deelnemer.")
        preview_value = {
            "key": "s1",
            "title": "De vraag om slaappillen",
            "speaker": "Sem (24)",
            "text": "<p>Kunt u me iets voorschrijven?</p>",
        }


class ScenarioEndingBlock(StepMediaMixin):
    outcome = blocks.ChoiceBlock(label=_("uitkomst"), choices=OUTCOME_CHOICES)
    debrief = blocks.RichTextBlock(
        label=_("nabespreking"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "success"
        label = _("einde")
        template = "scenarios/blocks/step.html"
        description = _("Een afloop met nabespreking; heeft geen keuzes.")
        preview_value = {
            "key": "e_positief",
            "title": "Een vervolgafspraak",
            "outcome": "positive",
            "debrief": "<p>Je verkende eerst en bleef naast Sem staan.</p>",
        }


class ScenarioStepStreamBlock(blocks.StreamBlock):
    step = ScenarioStepBlock()
    ending = ScenarioEndingBlock()

    class Meta:
        icon = "list-ul"
        description = _("De stappen en einden van het scenario; de eerste is de start.")


class VariableBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("naam"), max_length=64, help_text=_("Bijvoorbeeld vertrouwen.")
    )
    label = blocks.CharBlock(label=_("label"), required=False, max_length=120)
    start = blocks.IntegerBlock(label=_("beginwaarde"))
    min = blocks.IntegerBlock(label=_("minimum"))
    max = blocks.IntegerBlock(label=_("maximum"))

    class Meta:
        icon = "order"
        label = _("variabele")
        template = "scenarios/blocks/variable.html"
        description = _("Een teller die keuzes veranderen, zoals vertrouwen.")
        preview_value = {
            "name": "vertrouwen",
            "label": "Vertrouwen",
            "start": 2,
            "min": 0,
            "max": 5,
        }


class VariableStreamBlock(blocks.StreamBlock):
    variable = VariableBlock()

    class Meta:
        icon = "order"
        description = _("Variabelen die keuzes veranderen en voorwaarden lezen.")
