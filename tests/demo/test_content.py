"""The seed courses are complete, sourced and consistent (checked on the YAML that
load_demo_content reads, without a database)."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from assessments.engine.grading import grade_question
from assessments.engine.question_rules import QUESTION_TYPES
from assessments.scenarios.engine import parse_definition, validate

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"
COURSE_FILES = sorted((CONTENT / "courses").glob("*.yaml"))
SUBSTANCES = [
    "3-mmc",
    "2-mmc",
    "3-cmc",
    "4-mmc",
    "4-cmc",
    "ghb-gbl",
    "crystal-meth",
    "ketamine",
    "cocaine",
    "mdma",
]


def load(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


COURSES = {path.name: load(path) for path in COURSE_FILES}


def lessons(course):
    return [lesson for module in course["modules"] for lesson in module["lessons"]]


def keyed_answer(question: dict):
    kind = question["type"]
    if kind == "single":
        return {"option": next(o["key"] for o in question["options"] if o["correct"])}
    if kind == "multiple":
        return {"options": [o["key"] for o in question["options"] if o["correct"]]}
    if kind == "true_false":
        return {"value": question["correct"]}
    if kind == "short_text":
        return {"text": question["accepted_answers"][0]}
    if kind == "ordering":
        return {"order": [item["key"] for item in question["items"]]}
    if kind == "matching":
        return {"matches": {pair["key"]: pair["key"] for pair in question["pairs"]}}
    return {"text": "Een antwoord"}


def test_there_are_five_courses_when_content_is_read():
    assert len(COURSES) == 5


@pytest.mark.parametrize("name", sorted(COURSES))
def test_course_has_enough_modules_lessons_and_metadata(name):
    course = COURSES[name]
    assert len(course["modules"]) >= 3
    assert len(lessons(course)) >= 8
    assert course["audiences"]
    assert course["learning_goals"]
    assert course["validity_months"] == 24
    assert course["refresher_modules"]
    module_slugs = {module["slug"] for module in course["modules"]}
    assert set(course["refresher_modules"]) <= module_slugs
    assert "accreditation" in course["accreditation_note"].lower() or (
        "accreditatie" in course["accreditation_note"].lower()
    )


@pytest.mark.parametrize("name", sorted(COURSES))
def test_every_lesson_ends_with_sources_when_read(name):
    for lesson in lessons(COURSES[name]):
        kinds = [block["type"] for block in lesson["body"]]
        assert "sources" in kinds, lesson["slug"]
        sources = next(b for b in lesson["body"] if b["type"] == "sources")
        assert sources["items"], lesson["slug"]


@pytest.mark.parametrize("name", sorted(COURSES))
def test_every_question_is_keyed_explained_and_sourced(name):
    bank = COURSES[name]["question_bank"]
    questions = bank["questions"]
    assert len(questions) >= 15
    assert len(Counter(q["type"] for q in questions)) >= 3
    for question in questions:
        assert question["explanation"].strip(), question["key"]
        assert question["sources"], question["key"]
        grade = grade_question(question=question, answer=keyed_answer(question))
        assert grade.is_correct or grade.needs_marking, question["key"]


def test_question_keys_are_unique_across_courses():
    keys = [
        q["key"]
        for course in COURSES.values()
        for q in course["question_bank"]["questions"]
    ]
    assert len(keys) == len(set(keys))


def test_course_one_quiz_always_has_every_automatic_type_and_the_essay_in_the_bank():
    """The core category is drawn completely and holds every type a computer
    marks; the essay is in the bank but not in every attempt (issue 14)."""
    course = COURSES["01-3-mmc-en-nps.yaml"]
    quiz = next(m["quiz"] for m in course["modules"] if m.get("quiz"))
    core = next(rule for rule in quiz["draw"] if rule["category"].endswith("-kern"))
    questions = course["question_bank"]["questions"]
    in_core = [
        q for q in questions if q.get("category", {}).get("slug") == core["category"]
    ]
    assert core["count"] == len(in_core)
    assert {q["type"] for q in in_core} == set(QUESTION_TYPES) - {"essay"}
    assert "essay" in {q["type"] for q in questions}


@pytest.mark.parametrize("name", sorted(COURSES))
def test_quiz_draws_at_least_ten_from_a_bank_large_enough(name):
    course = COURSES[name]
    quizzes = [module["quiz"] for module in course["modules"] if module.get("quiz")]
    assert len(quizzes) == 1
    draw = quizzes[0]["draw"]
    assert sum(rule["count"] for rule in draw) >= 10
    assert sum(rule["count"] for rule in draw) <= len(
        course["question_bank"]["questions"]
    )


def scenarios(course):
    return [
        module["scenario"] for module in course["modules"] if module.get("scenario")
    ]


@pytest.mark.parametrize(("prefix", "expected"), [("01-", 1), ("02-", 1), ("04-", 2)])
def test_courses_one_two_and_four_have_valid_rich_scenarios(prefix, expected):
    course = next(c for name, c in COURSES.items() if name.startswith(prefix))
    found = scenarios(course)
    assert len(found) >= expected
    for scenario in found:
        definition = parse_definition(scenario["definition"])
        report = validate(definition)
        assert report.is_valid, [p.message for p in report.errors]
        steps = scenario["definition"]["steps"]
        assert len(steps) >= 10
        assert sum(1 for step in steps if step.get("is_ending")) >= 3
        assert scenario["definition"]["variables"]
        routed = [c for s in steps for c in s.get("choices", []) if c.get("routes")]
        assert routed, "a conditional route on a state variable"
        assert all(s.get("debrief") for s in steps if s.get("is_ending"))
        assert any(c.get("skills") for s in steps for c in s.get("choices", []))


def test_substance_cards_cover_the_required_substances_with_dates():
    cards = {card["slug"]: card for card in load(CONTENT / "substances.yaml")}
    assert set(SUBSTANCES) <= set(cards)
    for slug in SUBSTANCES:
        card = cards[slug]
        assert card["legal_status"]
        assert card["legal_status_checked"]
        assert card["harm_reduction"]
        assert card["sources"]
        assert card["review_by"]


def test_referral_cards_are_dated_and_flagged_when_a_detail_is_unchecked():
    for card in load(CONTENT / "referrals.yaml"):
        assert card["review_by"], card["slug"]
        assert isinstance(card["needs_check"], bool), card["slug"]
        contact = card["contact"]
        if "nog controleren" in contact or "nog invullen" in contact:
            assert card["needs_check"] is True, card["slug"]


def test_english_course_one_mirrors_the_dutch_structure():
    dutch = COURSES["01-3-mmc-en-nps.yaml"]
    english = load(CONTENT / "courses" / "en" / "01-3-mmc-en-nps.yaml")
    dutch_lessons = [lesson["slug"] for lesson in lessons(dutch)]
    english_lessons = [lesson["slug"] for lesson in lessons(english)]
    # Every lesson, the optional intro included, in the same order.
    assert english_lessons == dutch_lessons
    dutch_blocks = [b["type"] for lesson in lessons(dutch) for b in lesson["body"]]
    english_images = [
        b for lesson in lessons(english) for b in lesson["body"] if b["type"] == "image"
    ]
    # The route chart too, with its English labels.
    assert len(english_images) == dutch_blocks.count("image")
    assert all(image.get("media") == "image_en" for image in english_images)
