"""Inclusive wording in the demo content and the UI (issue 14 item 8): no binary
"hij of zij" (or "hem of haar", "he or she", ...) where "die persoon", "diegene"
or a rephrasing includes non-binary people, and one spelling of the community:
"LHBTIQ+" in Dutch, "LGBTIQ+" in English. Source titles keep their original
wording (a paper called "LGBTQ+ help-seeking" is cited as it is), so the
`sources` of lessons and questions are not read. Checked on the YAML that
load_demo_content reads and on the translation catalogues, without a database."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "demo" / "content"
CONTENT_FILES = sorted(CONTENT.rglob("*.yaml"))
CATALOGUES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))

BINARY = re.compile(
    r"\b(?:hij of zij|zij of hij|hij/zij|zij/hij|hem of haar|haar of hem|hem/haar"
    r"|zijn of haar|haar of zijn|zijn/haar|he or she|she or he|he/she"
    r"|him or her|her or him|his or her|her or his)\b",
    re.IGNORECASE,
)
# Any spelling of the abbreviation, with or without a plus; the lower-case slug
# "lhbtiq" (an audience key, never shown) is not a spelling.
COMMUNITY = re.compile(r"\b(?:LHBT|LGBT|LHB|LGB)[A-Z]*\+?")
DUTCH, ENGLISH = "LHBTIQ+", "LGBTIQ+"


def _is_english(path: Path) -> bool:
    return "en" in path.relative_to(ROOT).parts


def _texts(node):
    """Every string in a YAML node except source citations."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)
    elif isinstance(node, dict):
        if node.get("type") == "sources":
            return
        for key, value in node.items():
            if key != "sources":
                yield from _texts(value)


def binary_phrases(text: str) -> list[str]:
    return BINARY.findall(text)


def other_spellings(text: str, *, allowed: str) -> list[str]:
    return [found for found in COMMUNITY.findall(text) if found != allowed]


def _file_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _load(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=_file_id)
def test_demo_content_says_no_binary_he_or_she_when_read(path):
    found = [phrase for text in _texts(_load(path)) for phrase in binary_phrases(text)]
    assert found == [], "Use 'die persoon', 'diegene' or rephrase: " + repr(found)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=_file_id)
def test_demo_content_spells_the_community_one_way_when_read(path):
    allowed = ENGLISH if _is_english(path) else DUTCH
    found = [
        spelling
        for text in _texts(_load(path))
        for spelling in other_spellings(text, allowed=allowed)
    ]
    assert found == [], f"Write {allowed}: {found!r}"


def _catalogue_strings(path: Path) -> list[tuple[str, str]]:
    """(kind, text) for every msgid and msgstr line, continuation lines included."""
    found, kind = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'(msgid|msgstr|msgid_plural|msgstr\[\d+\]) "(.*)"$', line)
        if match:
            kind = match.group(1).split("[")[0].removesuffix("_plural")
            found.append((kind, match.group(2)))
        elif line.startswith('"') and kind:
            found.append((kind, line.strip('"')))
        elif not line.strip():
            kind = ""
    return found


@pytest.mark.parametrize("path", CATALOGUES, ids=_file_id)
def test_ui_strings_are_inclusive_and_spell_the_community_one_way(path):
    """Source strings (msgid) are Dutch; an English catalogue's msgstr is English."""
    english = _is_english(path)
    wrong = []
    for kind, text in _catalogue_strings(path):
        allowed = ENGLISH if english and kind == "msgstr" else DUTCH
        wrong += binary_phrases(text) + other_spellings(text, allowed=allowed)
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "allowed", "expected"),
    [
        ("Een LHBTIQ+-organisatie", DUTCH, []),
        ("Een LHBT-organisatie en LGBTQ+ jongeren", DUTCH, ["LHBT", "LGBTQ+"]),
        ("LHBTIQ zonder plus", DUTCH, ["LHBTIQ"]),
        ("an LGBTIQ+ group", ENGLISH, []),
        ("an LHBTIQ+ group", ENGLISH, ["LHBTIQ+"]),
        ("audiences: [lhbtiq]", DUTCH, []),
    ],
)
def test_other_spellings_are_found_when_written(text, allowed, expected):
    assert other_spellings(text, allowed=allowed) == expected


def test_binary_phrases_are_found_but_not_inside_other_words():
    assert binary_phrases("Vraag wat hij of zij wil; laat Hem Of Haar kiezen.") == [
        "hij of zij",
        "Hem Of Haar",
    ]
    assert binary_phrases("Of die persoon wil, beslist diegene zelf.") == []
    assert binary_phrases("Ask what he or she needs.") == ["he or she"]


def test_source_titles_keep_their_own_wording_when_read():
    block = {
        "type": "sources",
        "items": [{"title": "LGBTQ+ help-seeking: a scoping review"}],
    }
    question = {"text": "Een vraag", "sources": ["Review on LGBTQ+ help-seeking"]}
    assert list(_texts([block, question])) == ["Een vraag"]
