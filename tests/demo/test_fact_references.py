"""The demo content states a substance's Opium Act list in one place, the
substance card: lessons show it through a fact or card block, and questions
whose answer depends on it name the card so a change suspends them. Checked on
the YAML that load_demo_content reads (Dutch and English), without a database."""

from pathlib import Path

import pytest
import yaml

from courses.legal_text import LIST_PATTERN, list_statements

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"
COURSE_FILES = sorted(CONTENT.glob("courses/**/*.yaml"))
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
    found = []
    for question in _questions(_load(path)):
        for text in _question_texts(question):
            found += [
                f"{question['key']}: {sentence}"
                for sentence in list_statements(text, substance_names=NAMES)
            ]
    assert found == [], "Refer to the card, not its list:\n" + "\n".join(found)


# A translation is tied through its source question (same key).
DEPENDS_ON = {
    question["key"]: question.get("depends_on") or []
    for path in COURSE_FILES
    if path.parent.name != "en"
    for question in _questions(_load(path))
}


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_questions_naming_a_list_depend_on_a_card_when_loaded(path):
    """A question about a list must be suspended when the list changes."""
    untied = [
        question["key"]
        for question in _questions(_load(path))
        if any(LIST_PATTERN.search(text) for text in _question_texts(question))
        and not DEPENDS_ON.get(question["key"])
    ]
    assert untied == []


@pytest.mark.parametrize("path", COURSE_FILES, ids=_file_id)
def test_questions_depend_on_known_cards_when_they_name_some(path):
    for question in _questions(_load(path)):
        assert set(question.get("depends_on") or []) <= CARD_SLUGS, question["key"]


def test_no_demo_text_copies_list_ii_when_grepped():
    """The issue's check: `grep -ri "lijst II"` over demo/content finds nothing."""
    hits = [
        f"{path.relative_to(CONTENT)}:{number}"
        for path in sorted(CONTENT.rglob("*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "lijst ii" in line.casefold()
    ]
    assert hits == []
