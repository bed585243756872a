"""The body of a signal: short text, a warning or tip, and cards or a card's
fact placed from the snippets, so a signal shows the card as it is now."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks import ReferralCardBlock, SubstanceCardBlock, SubstanceFactBlock
from training.blocks import CalloutBlock, TextBlock


class SignalStreamBlock(blocks.StreamBlock):
    """Stream child names are stored in JSON: never rename them."""

    text = TextBlock()
    callout = CalloutBlock()
    fact = SubstanceFactBlock()
    substance_card = SubstanceCardBlock()
    referral_card = ReferralCardBlock()

    class Meta:
        label = _("tekst")


def readable_parts(stream) -> list[str]:
    """The text a reader reads in a signal body (cards count as read elsewhere):
    text blocks and the title and text of callouts, as HTML."""
    parts = []
    for block in stream or ():
        if block.block_type == "text":
            parts.append(str(block.value))
        elif block.block_type == "callout":
            parts += [block.value["title"], str(block.value["text"])]
    return parts
