"""Reading Opium Act lists out of free text: pure functions, no database.

Legal status is structured data on the substance card (``SubstanceCard``:
list, date it applies from, legal reference). Two jobs still read text:

- ``parse_legal_status`` turns the old free-text legal status of a card into a
  list and a date where the text is unambiguous (the data migration);
- ``list_statements`` finds paragraphs that state a substance's list in their
  own words, so a test can refuse lessons and questions that copy a fact the
  card owns instead of referring to it.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

# "lijst I", "List II", "lijst IA", "groepslijst IA", "lijst 2"; the numeral
# must end there ("lijst In..." names no list).
LIST_PATTERN = re.compile(
    r"\b(?:groeps)?(?:lijst|list)\s+(IA|II|I|1A|1|2)(?![\w-])", re.IGNORECASE
)
# The same fact in other words: "de softdruglijst", "een zwaardere lijst",
# "the strictest list". Named lists only count through LIST_PATTERN; these
# only make a paragraph a list statement.
LIST_WORDING = re.compile(
    r"\b(?:soft|hard)[- ]?drugs?[- ]?(?:lijst|list)\b"
    r"|\b(?:zwaardere|zwaarste|strengere|strengste|lichtere|lichtste)\s+lijst\b"
    r"|\b(?:stricter|strictest|harsher|lighter|heavier)\s+list\b",
    re.IGNORECASE,
)
LIST_CODES = {"i": "I", "1": "I", "ii": "II", "2": "II", "ia": "IA", "1a": "IA"}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january"),
            ("februari", "february"),
            ("maart", "march"),
            ("april",),
            ("mei", "may"),
            ("juni", "june"),
            ("juli", "july"),
            ("augustus", "august"),
            ("september",),
            ("oktober", "october"),
            ("november",),
            ("december",),
        ],
        start=1,
    )
    for name in names
}
DATE_PATTERN = re.compile(
    r"\b(?:sinds|since|per|vanaf|from)\s+(\d{1,2})\s+([a-z]+)\s+(\d{4})\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class ParsedStatus:
    opium_list: str  # "I", "II", "IA" or "" when the text names none or several
    since: datetime.date | None


def plain_text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html.replace("</p>", "</p>\n"))).strip()


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def lists_named(text: str) -> list[str]:
    """The Opium Act lists ``text`` names, as codes, in order of appearance."""
    return [LIST_CODES[match.group(1).lower()] for match in LIST_PATTERN.finditer(text)]


def parse_legal_status(html: str) -> ParsedStatus:
    """The list and start date a free-text legal status states, when it names
    exactly one list; the date only from the sentence naming it ("sinds 28
    oktober 2021")."""
    text = plain_text(html)
    named = set(lists_named(text))
    if len(named) != 1:
        return ParsedStatus("", None)
    since = None
    for sentence in sentences(text):
        if not lists_named(sentence):
            continue
        match = DATE_PATTERN.search(sentence)
        if match and match.group(2).lower() in MONTHS:
            try:
                since = datetime.date(
                    int(match.group(3)),
                    MONTHS[match.group(2).lower()],
                    int(match.group(1)),
                )
            except ValueError:
                since = None
            break
    return ParsedStatus(named.pop(), since)


def paragraphs(html: str) -> list[str]:
    """The paragraphs and list items of ``html`` (or the lines of plain text)."""
    parts = re.split(r"</(?:p|li|h\d|dd|dt|blockquote)>|<br\s*/?>|\n", html)
    return [text for text in (plain_text(part) for part in parts) if text]


def names_a_list(text: str) -> bool:
    """Whether ``text`` names an Opium Act list, by number ("lijst II") or in
    other words ("de softdruglijst", "a stricter list")."""
    return bool(LIST_PATTERN.search(text) or LIST_WORDING.search(text))


def names_a_substance(text: str, *, substance_names: list[str]) -> bool:
    folded = text.casefold()
    return any(
        _contains_name(folded, name.casefold())
        for name in substance_names
        if name.strip()
    )


def list_statements(text: str, *, substance_names: list[str]) -> list[str]:
    """Paragraphs of ``text`` (HTML or plain) that name an Opium Act list and a
    substance: a copy of the fact the substance card owns ("3-MMC is banned.
    It is on list II.", "3-MMC moved to a stricter list"). A paragraph about
    the law alone ("List IA bans whole groups") is not one."""
    return [
        paragraph
        for paragraph in paragraphs(text)
        if names_a_list(paragraph)
        and names_a_substance(paragraph, substance_names=substance_names)
    ]


def _contains_name(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None
