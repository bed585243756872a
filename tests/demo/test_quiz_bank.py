"""The demo's question banks test decisions, not recall, and cannot be guessed
(issue 14 item 6): at least half of each course's questions are case-based, each
is tied to a learning objective, and the bank check finds nothing in any quiz."""

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.engine.bank_check import bank_findings
from tests.demo.test_content import COURSES

CASE_SHARE = 0.5  # 0–1


def questions(name: str) -> list[dict]:
    return COURSES[name]["question_bank"]["questions"]


@pytest.mark.parametrize("name", sorted(COURSES))
def test_at_least_half_of_each_course_is_case_based_when_read(name):
    bank = questions(name)
    cases = [q["key"] for q in bank if q.get("case_based")]
    assert len(cases) >= CASE_SHARE * len(bank), (len(cases), len(bank))


@pytest.mark.parametrize("name", sorted(COURSES))
def test_bank_check_finds_nothing_in_a_course_bank_when_read(name):
    """Every demo quiz draws from its own course's bank (all its categories)."""
    assert bank_findings(questions(name)) == []


@pytest.mark.parametrize("name", sorted(COURSES))
def test_every_question_is_tied_to_an_objective_when_read(name):
    tied = {
        key
        for objective in COURSES[name]["objectives"]
        for key in objective.get("questions") or []
    }
    assert {q["key"] for q in questions(name)} <= tied


@pytest.mark.django_db
def test_loaded_demo_is_half_case_based_and_passes_the_bank_check():
    from assessments.models import Question, QuizPage

    call_command("load_demo_content", stdout=StringIO())
    per_category: dict[str, list[bool]] = {}
    for slug, case_based in Question.objects.sources().values_list(
        "category__slug", "case_based"
    ):
        per_category.setdefault(slug.removesuffix("-kern"), []).append(case_based)
    assert len(per_category) == len(COURSES)
    for slug, flags in per_category.items():
        assert sum(flags) >= CASE_SHARE * len(flags), slug
    assert QuizPage.objects.count() >= len(COURSES)
    out = StringIO()
    call_command("check_question_bank", "--strict", stdout=out)
    assert ", 0 findings" in out.getvalue()
