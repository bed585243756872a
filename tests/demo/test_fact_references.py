"""The demo content states a substance's Opium Act list in one place, the
substance card: lessons show it through a fact or card block, questions never
state it (not even in an option or in other words such as 'de softdruglijst'),
and questions whose answer depends on a card name it so a change suspends them.
Checked on the YAML that load_demo_content reads (Dutch and English), without a
database."""

import re
from pathlib import Path

import pytest
import yaml

from courses.legal_text import list_statements, names_a_list, names_a_substance

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"
COURSE_FILES = sorted(CONTENT.glob("courses/**/*.yaml"))
# Everything else the loader reads except the cards themselves.
OTHER_FILES = sorted(
    path
    for path in CONTENT.rglob("*.yaml")
    if "courses" not in path.parts and path.name != "substances.yaml"
)
QUESTION_TEXT_FIELDS = ("text", "explanation", "feedback_correct", "feedback_incorrect")


def _load(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _file_id(path: Path) -> str:
    return str(path.relative_to(CONTENT))


CARDS = _load(CONTENT / "substances.yaml")
CARD_SLUGS = {card["slug"] for card in CARDS}


def _names() -> list[str]:
    """Every way the content names a substance that has a card."""
    names = set()
    for path in (CONTENT / "substances.yaml", CONTENT / "en" / "substances.yaml"):
        for card in _load(path):
            full = card["name"]
            names.add(full)
            names.add(full.split(" (")[0])
            names.update(part.strip() for part in full.split("/"))
            names.update(card.get("street_names") or [])
    names.update({"mefedron", "mephedrone", "GHB", "GBL"})
    return sorted(name for name in names if len(name) > 2)


NAMES = _names()


def _strings(node):
    """Every string inside a YAML node (a lesson body, a block)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _lessons(course):
    for module in course.get("modules") or []:
        yield from module.get("lessons") or []


def _questions(course):
    bank = course.get("question_bank") or {}
    return bank.get("questions") or []


def _question_texts(question) -> list[str]:
    texts = [question.get(name) or "" for name in QUESTION_TEXT_FIELDS]
    for option in question.get("options") or []:
        texts += [option.get("text") or "", option.get("feedback") or ""]
    texts += [item.get("text") or "" for item in question.get("items") or []]
    for pair in question.get("pairs") or []:
        texts += [pair.get("prompt") or "", pair.get("match") or ""]
    texts += list(question.get("accepted_answers") or [])
    return texts


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_lessons_state_no_substance_list_when_card_owns_it(path):
    found = []
    for lesson in _lessons(_load(path)):
        for text in _strings([lesson.get("title"), lesson.get("body")]):
            found += [
                f"{lesson['slug']}: {sentence}"
                for sentence in list_statements(text, substance_names=NAMES)
            ]
    assert found == [], "Use a 'fact' block instead of writing the list:\n" + "\n".join(
        found
    )


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_questions_state_no_substance_list_when_card_owns_it(path):
    """A question is read whole: '3-MMC' in the stem and 'Lijst I' in an
    option state the card's fact as much as one sentence does."""
    found = [
        question["key"]
        for question in _questions(_load(path))
        if any(names_a_list(text) for text in _question_texts(question))
        and any(
            names_a_substance(text, substance_names=NAMES)
            for text in _question_texts(question)
        )
    ]
    assert found == [], "Refer to the card, not its list:\n" + "\n".join(found)


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_course_texts_outside_lessons_state_no_substance_list(path):
    """Intro, learning goals, summaries and scenarios refer to the card too."""
    course = _load(path)
    course.pop("question_bank", None)
    for module in course.get("modules") or []:
        module.pop("lessons", None)
    found = [
        sentence
        for text in _strings(course)
        for sentence in list_statements(text, substance_names=NAMES)
    ]
    assert found == []


@pytest.mark.parametrize("path", OTHER_FILES, ids=_file_id)
def test_other_demo_files_state_no_substance_list(path):
    found = [
        sentence
        for text in _strings(_load(path))
        for sentence in list_statements(text, substance_names=NAMES)
    ]
    assert found == []


# A translation is tied through its source question (same key).
DEPENDS_ON = {
    question["key"]: question.get("depends_on") or []
    for path in COURSE_FILES
    if path.parent.name != "en"
    for question in _questions(_load(path))
}


# Words that make a substance's legal status the point of a question; "sinds
# het verbod" as background (the market after the ban) is not one of them.
LAW_WORDS = re.compile(
    r"opiumwet|opium act|staatsblad|groepsverbod|group ban"
    r"|\b(?:is|zijn|wordt|worden|werd|blijft)\s+(?:\w+\s+)?verboden\b"
    r"|\b(?:is|are|was|were)\s+(?:\w+\s+)?banned\b"
    r"|\b(?:il)?legaa?l\b|\b(?:il)?legal(?:ly)?\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_questions_about_a_substance_and_the_law_depend_on_a_card_when_loaded(path):
    """A question whose right answer is a substance's legal status (banned
    since, still legal) must be suspended when the card's fact changes."""
    untied = [
        question["key"]
        for question in _questions(_load(path))
        if any(LAW_WORDS.search(text) for text in _question_texts(question))
        and any(
            names_a_substance(text, substance_names=NAMES)
            for text in _question_texts(question)
        )
        and not DEPENDS_ON.get(question["key"])
    ]
    assert untied == []


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_questions_depend_on_known_cards_when_they_name_some(path):
    for question in _questions(_load(path)):
        assert set(question.get("depends_on") or []) <= CARD_SLUGS, question["key"]


def test_no_demo_text_puts_a_substance_on_list_ii_when_grepped():
    """The issue's check, kept narrow: a line of demo/content that says
    "lijst II" (the law explained) names no substance (the old wrong fact)."""
    hits = [
        f"{path.relative_to(CONTENT)}:{number}"
        for path in sorted(CONTENT.rglob("*.yaml"))
        if path.name != "substances.yaml"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "lijst ii" in line.casefold()
        and names_a_substance(line, substance_names=NAMES)
    ]
    assert hits == []
