"""Content blocks shared by every page type (home, information pages, lessons).

Stream child names are stored in JSON: short nouns, never renamed without a data
migration. Lesson-only blocks (substance and referral cards, reflection questions,
quizzes, scenarios) live in ``courses/blocks.py``.
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tekst"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Kop 2")), ("h3", _("Kop 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Kop")
        description = _("Een tussenkop die de les in delen opdeelt.")
        preview_value = {"text": "Wat is 3-MMC?", "level": "h2"}


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/text.html"
        label = _("Tekst")
        description = _("Lopende tekst met opmaak, lijsten en links.")
        preview_value = (
            "<p>3-MMC is een synthetisch cathinon dat in en rond Zwolle veel "
            "wordt gebruikt.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("afbeelding"))
    alt_text = blocks.CharBlock(
        label=_("alternatieve tekst"),
        max_length=250,
        help_text=_("Beschrijf wat de afbeelding laat zien, voor wie haar niet ziet."),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Afbeelding")
        description = _("Een afbeelding met verplichte alternatieve tekst.")


class VideoValue(blocks.StructValue):
    def embed_url(self) -> str:
        """A privacy-friendly player URL for YouTube and Vimeo, built without a
        network call; empty for other sites (shown as a link)."""
        url = urlparse(self.get("url") or "")
        host = url.netloc.lower().removeprefix("www.").removeprefix("m.")
        if host == "youtube.com" and url.path == "/watch":
            video_id = parse_qs(url.query).get("v", [""])[0]
        elif host == "youtu.be":
            video_id = url.path.strip("/")
        elif host == "vimeo.com" and url.path.strip("/").isdigit():
            return f"https://player.vimeo.com/video/{url.path.strip('/')}?dnt=1"
        else:
            return ""
        if not re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id):
            return ""
        return f"https://www.youtube-nocookie.com/embed/{video_id}"

    def is_file(self) -> bool:
        return (
            (self.get("url") or "")
            .lower()
            .split("?")[0]
            .endswith((".mp4", ".webm", ".ogg"))
        )


class VideoBlock(blocks.StructBlock):
    url = blocks.CharBlock(
        label=_("video-URL"),
        max_length=500,
        validators=[
            RegexValidator(
                r"^(https://|/)\S+$",
                _("Geef een https-adres of een pad op deze site (begint met /)."),
            )
        ],
        help_text=_(
            "YouTube, Vimeo, of een videobestand (.mp4, .webm), bijvoorbeeld een "
            "document in de bibliotheek (/documenten/...)."
        ),
    )
    title = blocks.CharBlock(label=_("titel"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("transcript"),
        features=["bold", "italic", "ul", "ol"],
        help_text=_("Volledige tekst van wat er in de video gezegd en getoond wordt."),
    )
    duration_seconds = blocks.IntegerBlock(
        label=_("duur (seconden)"),
        required=False,
        min_value=0,
        help_text=_("Telt mee in de berekende studietijd van de les."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")
        value_class = VideoValue
        description = _("Een ingesloten video met een volledig transcript.")


class CalloutValue(blocks.StructValue):
    def css_modifier(self) -> str:
        return f"bb-callout--{self.get('kind') or 'tip'}"

    def kind_label(self) -> str:
        return dict(CalloutBlock.KIND_CHOICES).get(self.get("kind"), "")


class CalloutBlock(blocks.StructBlock):
    KIND_CHOICES = [
        ("warning", _("Let op")),
        ("tip", _("Tip")),
        ("harm_reduction", _("Schadebeperking")),
    ]
    kind = blocks.ChoiceBlock(label=_("soort"), choices=KIND_CHOICES, default="tip")
    title = blocks.CharBlock(label=_("titel"), max_length=200)
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Kader")
        value_class = CalloutValue
        description = _(
            "Een opvallend kader: waarschuwing, tip of schadebeperkend advies."
        )
        preview_value = {
            "kind": "harm_reduction",
            "title": "Laat testen",
            "text": "<p>Wat als 3-MMC wordt verkocht, is vaak iets anders.</p>",
        }


class KeyFactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"), max_length=200, default="Kernfeiten")
    facts = blocks.ListBlock(blocks.CharBlock(max_length=400), label=_("feiten"))

    class Meta:
        icon = "list-ul"
        template = "blocks/key_facts.html"
        label = _("Kernfeiten")
        description = _("Een korte lijst van de belangrijkste feiten.")
        preview_value = {
            "title": "Kernfeiten",
            "facts": ["3-MMC staat sinds 28 oktober 2021 op lijst II."],
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citaat"))
    attribution = blocks.CharBlock(label=_("van wie"), max_length=200, required=False)
    composite = blocks.BooleanBlock(
        label=_("samengesteld verhaal"),
        required=False,
        default=True,
        help_text=_(
            "Aanvinken als het verhaal uit meerdere ervaringen is samengesteld."
        ),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Ervaringsverhaal")
        description = _(
            "Een citaat of ervaringsverhaal; samengestelde verhalen worden zo gelabeld."
        )
        preview_value = {
            "text": "Ik dacht dat ik het onder controle had.",
            "attribution": "Jongvolwassene",
            "composite": True,
        }


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"), max_length=200)
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock(), label=_("onderdelen"))

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion.html"
        label = _("Uitklaplijst")
        description = _(
            "Vragen of onderdelen die de lezer zelf openklapt "
            "(werkt zonder JavaScript)."
        )
        preview_value = {
            "items": [
                {"title": "Wat is booty bumping?", "text": "<p>Anaal gebruik.</p>"}
            ]
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("titel"), max_length=200)
    description = blocks.CharBlock(label=_("beschrijving"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Downloadbaar document")
        description = _("Een document om te downloaden, met titel en bestandsformaat.")


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"), max_length=300)
    publisher = blocks.CharBlock(label=_("uitgever"), max_length=200, required=False)
    url = blocks.URLBlock(label=_("URL"), required=False)
    year = blocks.CharBlock(label=_("jaar"), max_length=20, required=False)


class SourcesBlock(blocks.StructBlock):
    items = blocks.ListBlock(SourceBlock(), label=_("bronnen"))

    class Meta:
        icon = "link"
        template = "blocks/sources.html"
        label = _("Bronnen")
        description = _("De bronnen waarop de feiten in deze les berusten.")
        preview_value = {
            "items": [
                {
                    "title": "3-MMC",
                    "publisher": "Trimbos-instituut",
                    "url": "https://www.trimbos.nl/kennis/drugs/informatiepermiddel/3-mmc/",
                    "year": "2024",
                }
            ]
        }


class ContentStreamBlock(blocks.StreamBlock):
    """The body of home and information pages; lessons extend it."""

    heading = HeadingBlock()
    text = TextBlock()
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    key_facts = KeyFactsBlock()
    quote = QuoteBlock()
    accordion = AccordionBlock()
    document = DocumentBlock()
    sources = SourcesBlock()
