"""The bank check: guessable patterns and missing explanations, per quiz."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.currency_selectors import quiz_bank_reports
from assessments.engine.bank_check import (
    bank_findings,
    question_findings,
    restates_answer,
)
from assessments.models import QuestionOption
from tests.factories.assessments import question_create, quiz_create, staff_create

LETTERS = "abcd"


def single(key, correct="a", *, long_correct=False, explanation="Omdat het zo zit."):
    return {
        "key": key,
        "type": "single",
        "text": "<p>?</p>",
        "explanation": explanation,
        "options": [
            {
                "key": letter,
                "text": ("Een heel lang en precies antwoord" if long_correct else "Ja")
                if letter == correct
                else f"Kort {letter}",
                "correct": letter == correct,
            }
            for letter in LETTERS
        ],
    }


def multiple(key, wrong=1):
    return {
        "key": key,
        "type": "multiple",
        "text": "<p>?</p>",
        "explanation": "Uitleg met eigen woorden over de achtergrond.",
        "options": [
            {"key": letter, "text": f"Optie {letter}", "correct": n >= wrong}
            for n, letter in enumerate(LETTERS)
        ],
    }


def codes(findings):
    return [finding.code for finding in findings]


def test_demo_like_bank_is_flagged_on_every_pattern_when_skewed():
    """Built like the demo bank the issue measured: the correct answer is "a"
    and the longest in 29 of 36 single-choice questions, and 14 of 18
    multiple-response questions have one wrong option."""
    singles = [
        single(f"s{n}", correct="a" if n < 29 else "c", long_correct=n < 29)
        for n in range(36)
    ]
    multiples = [multiple(f"m{n}", wrong=1 if n < 14 else 2) for n in range(18)]
    findings = bank_findings(singles + multiples)
    by_code = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    assert by_code["position_skew"][0].params == {
        "position": "a",
        "share": 81,
        "count": 29,
        "total": 36,
    }
    assert by_code["longest_correct"][0].params["count"] == 29
    assert len(by_code["single_wrong_option"]) == 14
    assert "no_explanation" not in by_code


def test_position_is_not_flagged_when_exactly_forty_percent():
    bank = [single(f"s{n}", correct="a" if n < 2 else LETTERS[n - 1]) for n in range(5)]
    assert "position_skew" not in codes(bank_findings(bank))
    bank.append(single("s5", correct="a"))  # 3 of 6 = 50%
    assert "position_skew" in codes(bank_findings(bank))


def test_shares_are_not_judged_when_too_few_questions():
    bank = [single(f"s{n}", long_correct=True) for n in range(4)]
    assert codes(bank_findings(bank)) == []


def test_longest_is_not_flagged_when_exactly_half():
    bank = [
        single(f"s{n}", correct=LETTERS[n % 4], long_correct=n < 3) for n in range(6)
    ]
    assert "longest_correct" not in codes(bank_findings(bank))


def test_multiple_response_is_flagged_when_only_one_option_is_wrong():
    assert codes(question_findings(multiple("m", wrong=1))) == ["single_wrong_option"]
    assert codes(question_findings(multiple("m", wrong=2))) == []


def test_question_is_flagged_when_it_has_no_explanation():
    assert codes(question_findings(single("s", explanation=" "))) == ["no_explanation"]


@pytest.mark.parametrize(
    "explanation",
    ["Juist.", "Het juiste antwoord is: Ja.", "<p>Antwoord a: ja</p>"],
)
def test_question_is_flagged_when_explanation_only_restates_the_answer(explanation):
    found = codes(question_findings(single("s", explanation=explanation)))
    assert found == ["explanation_restates"]


def test_explanation_passes_when_it_says_why():
    assert (
        restates_answer(
            "Lijst II, omdat het CAM in 2021 een risico voor de gezondheid zag.",
            ["Lijst II"],
        )
        is False
    )


def test_true_false_is_flagged_when_explanation_says_only_false():
    question = {
        "key": "tf",
        "type": "true_false",
        "text": "<p>Stelling</p>",
        "correct": False,
        "explanation": "Onjuist, de stelling klopt niet.",
    }
    assert codes(question_findings(question)) == ["explanation_restates"]


# --- per quiz, admin view and command ------------------------------------------------


@pytest.mark.django_db
def test_reports_judge_what_each_quiz_can_draw_when_fixed_or_drawn(
    course_tree, category
):
    bare = question_create(category=category, type="single", explanation="")
    multi = question_create(category=category, type="multiple")
    QuestionOption.objects.filter(question=multi, key="d").update(correct=True)
    fixed = quiz_create(course_tree.modules[0], questions=[bare])
    drawn = quiz_create(course_tree.modules[1], draw={category: 1})
    reports = {report.quiz.pk: report for report in quiz_bank_reports()}
    assert reports[fixed.pk].question_count == 1
    assert codes(reports[fixed.pk].findings) == ["no_explanation"]
    assert reports[drawn.pk].question_count == 2
    assert sorted(codes(reports[drawn.pk].findings)) == [
        "no_explanation",
        "single_wrong_option",
    ]


@pytest.mark.django_db
def test_bank_check_view_lists_findings_when_allowed(client, course_tree, category):
    question = question_create(category=category, type="single", explanation="")
    quiz_create(course_tree.modules[0], questions=[question], title="Kennistoets")
    url = reverse("assessments_admin:bank_check")
    client.force_login(staff_create())
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff_create("view_question"))
    html = client.get(url).content.decode()
    assert "Kennistoets" in html
    assert f"Vraag {question.key} heeft geen uitleg." in html


@pytest.mark.django_db
def test_command_prints_findings_and_fails_when_strict(course_tree, category):
    from io import StringIO

    question = question_create(category=category, type="single", explanation="")
    quiz = quiz_create(course_tree.modules[0], questions=[question])
    out = StringIO()
    call_command("check_question_bank", stdout=out)
    assert f"{quiz.title} ({quiz.slug}): 1 questions, 1 findings" in out.getvalue()
    with pytest.raises(CommandError, match="1 findings"):
        call_command("check_question_bank", quiz.slug, "--strict", stdout=StringIO())
    with pytest.raises(CommandError, match="Unknown quiz slugs: nope"):
        call_command("check_question_bank", "nope", stdout=StringIO())
