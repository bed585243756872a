"""What a learner reads in a lesson, from the body's stored JSON (Wagtail's raw
stream data): plain text, one block or list item a line, and the running time
of each video. Reference lists and card choosers are not read text here:
sources are not studied, and a card's own text lives on the card."""

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Block types whose text is not part of the reading.
NOT_READ = frozenset({"sources", "substance_card", "referral_card", "image"})
# Keys inside a block whose strings are not read text.
NOT_TEXT_KEYS = frozenset(
    {
        "type",
        "id",
        "url",
        "kind",
        "level",
        "year",
        "publisher",
        "card",
        "fact",
        "image",
        "document",
        "alt_text",
        "duration_seconds",
        "key",
    }
)
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div|dt|dd)>|<br\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")


def plain_text(markup: str) -> str:
    """Tags removed, each paragraph or list item on its own line."""
    text = BLOCK_END.sub("\n", markup or "")
    return html.unescape(TAG.sub("", text)).strip()


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield plain_text(value)
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            if key not in NOT_TEXT_KEYS:
                yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


@dataclass(frozen=True)
class LessonContent:
    text: str  # what is read, one block or list item a line
    media_seconds: tuple[int | None, ...]  # per video; None: not entered
    reflections: int  # reflection questions (the learner writes an answer)
    cards: int  # substance and referral cards shown


CARD_BLOCKS = frozenset({"substance_card", "referral_card"})


def lesson_content(raw_blocks: Iterable[Mapping[str, Any]]) -> LessonContent:
    """What a learner reads, watches and does in a lesson. A video without a
    running time counts its transcript as read text instead."""
    lines: list[str] = []
    media: list[int | None] = []
    reflections = 0
    cards = 0
    for block in raw_blocks or ():
        kind = block.get("type")
        value = block.get("value")
        reflections += kind == "reflection"
        cards += kind in CARD_BLOCKS
        if kind in NOT_READ:
            continue
        if kind == "video" and isinstance(value, Mapping):
            seconds = value.get("duration_seconds") or None
            media.append(seconds)
            if seconds:
                lines.append(plain_text(value.get("title") or ""))
                continue
        lines.extend(text for text in _strings(value) if text)
    return LessonContent(
        text="\n".join(lines),
        media_seconds=tuple(media),
        reflections=reflections,
        cards=cards,
    )
