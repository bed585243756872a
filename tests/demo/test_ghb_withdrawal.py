"""GHB dependence: wherever the demo teaches about GHB in depth, it says that
stopping abruptly without medical help can become a life-threatening
withdrawal delirium and that the way out is a clinical detox (issue 14)."""

from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"
MUST_SAY = {
    "nl": ("delier", "levensgevaarlijk", "klinische detox", "abrupt"),
    "en": ("delirium", "life-threatening", "clinical detox", "abruptly"),
}


def _load(relative: str):
    return yaml.safe_load((CONTENT / relative).read_text(encoding="utf-8"))


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return " ".join(_text(value) for value in node.values())
    if isinstance(node, list):
        return " ".join(_text(value) for value in node)
    return ""


def _card(relative: str) -> str:
    return _text(next(c for c in _load(relative) if c["slug"] == "ghb-gbl"))


def _lesson(relative: str, slug: str) -> str:
    for module in _load(relative)["modules"]:
        for lesson in module.get("lessons") or []:
            if lesson["slug"] == slug:
                return _text(lesson["body"])
    raise AssertionError(f"{slug} not in {relative}")


PLACES = [
    ("nl", "GHB card", lambda: _card("substances.yaml")),
    ("en", "GHB card (en)", lambda: _card("en/substances.yaml")),
    (
        "nl",
        "course 1, combinations",
        lambda: _lesson("courses/01-3-mmc-en-nps.yaml", "combigebruik"),
    ),
    (
        "en",
        "course 1, combinations (en)",
        lambda: _lesson("courses/en/01-3-mmc-en-nps.yaml", "combigebruik"),
    ),
    (
        "nl",
        "course 2, what chemsex is",
        lambda: _lesson(
            "courses/02-seksuele-gezondheid-chemsex.yaml", "wat-is-chemsex"
        ),
    ),
    (
        "nl",
        "course 5, addiction care",
        lambda: _lesson(
            "courses/05-doorverwijzen-in-de-regio.yaml", "verslavingszorg-en-advies"
        ),
    ),
]


@pytest.mark.parametrize(
    ("language", "read"),
    [(language, read) for language, _name, read in PLACES],
    ids=[name for _language, name, _read in PLACES],
)
def test_ghb_withdrawal_warning_is_there_when_ghb_is_taught(language, read):
    text = read().casefold()
    missing = [words for words in MUST_SAY[language] if words not in text]
    assert missing == []
