"""The rules of a signal, without the database: what makes one publishable, how
long a read it is, and where a person stands with it on a given day."""

from __future__ import annotations

import datetime
import re
from enum import StrEnum

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

# A signal is a two-minute read: about 225 words a minute.
MAX_WORDS = 450
WORDS_PER_MINUTE = 225
_WORD = re.compile(r"\w+")


class AckStatus(StrEnum):
    GELEZEN = "gelezen"
    OPEN = "open"
    TE_LAAT = "te_laat"


def word_count(html_parts: list[str]) -> int:
    return sum(len(_WORD.findall(strip_tags(part))) for part in html_parts)


def reading_minutes(words: int) -> int:
    return max(1, -(-words // WORDS_PER_MINUTE))


def signal_problems(
    *,
    words: int,
    has_courses: bool,
    has_professions: bool,
    acknowledge_by: datetime.date | None,
    acknowledge_by_before: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    """Field name -> message for everything that stops a signal being saved.
    A deadline already stored may have passed (editing an old signal); a new or
    changed deadline must not lie in the past."""
    problems = {}
    if not (has_courses or has_professions):
        problems["courses"] = _(
            "Kies minstens één cursus of beroep: zonder doelgroep bereikt de "
            "signalering niemand."
        )
    if words == 0:
        problems["body"] = _(
            "Schrijf een tekst: een signalering zonder tekst zegt niets."
        )
    elif words > MAX_WORDS:
        problems["body"] = _(
            "De tekst heeft %(words)s woorden; een signalering leest in twee minuten "
            "(hoogstens %(max)s woorden). Verwijs voor meer naar een les of bron."
        ) % {"words": words, "max": MAX_WORDS}
    if acknowledge_by is None:
        problems["acknowledge_by"] = _("Kies een datum waarvoor iedereen het leest.")
    elif acknowledge_by < today and acknowledge_by != acknowledge_by_before:
        problems["acknowledge_by"] = _(
            "De datum %(date)s ligt in het verleden. Kies vandaag of later."
        ) % {"date": acknowledge_by.strftime("%d-%m-%Y")}
    return problems


def ack_status(
    *,
    acknowledged_at: datetime.datetime | None,
    acknowledge_by: datetime.date,
    today: datetime.date,
) -> AckStatus:
    """Read and confirmed, still open, or overdue (open after the deadline)."""
    if acknowledged_at is not None:
        return AckStatus.GELEZEN
    if today > acknowledge_by:
        return AckStatus.TE_LAAT
    return AckStatus.OPEN
