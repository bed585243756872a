"""The demo's course 1 from enrolment to certificate in the browser: every lesson,
the quiz (answered correctly, the open question marked by a trainer) and the
branching scenario (best choice at every step); then the certificate is verified.
"""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Attempt, AttemptAnswer
from assessments.scenarios.engine import (
    State,
    available_choices,
    parse_definition,
)
from assessments.scenarios.models import ScenarioAttempt
from assessments.services.marking import answer_mark
from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from courses.selectors import course_outline
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.users import UserFactory
from training.models import User

MAX_STEPS = 40


def click_and_wait(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def answer_question(page, question: dict) -> None:
    """Fill in the right answer for the snapshot ``question`` on the page."""
    prefix = f"q-{question['id']}"
    kind = question["type"]
    if kind in {"single", "multiple"}:
        for option in question["options"]:
            if option["correct"]:
                page.get_by_label(option["text"], exact=True).check()
    elif kind == "true_false":
        page.get_by_label("Juist" if question["correct"] else "Onjuist").check()
    elif kind == "short_text":
        page.locator(f'[name="{prefix}"]').fill(question["accepted_answers"][0])
    elif kind == "essay":
        page.locator(f'[name="{prefix}"]').fill(
            "Ik vraag eerst toestemming en sluit aan bij de woorden van de ander."
        )
    elif kind == "ordering":
        for position, item in enumerate(question["items"], start=1):
            page.locator(f'[name="{prefix}-{item["key"]}"]').select_option(
                str(position)
            )
    elif kind == "matching":
        for pair in question["pairs"]:
            page.locator(f'[name="{prefix}-{pair["key"]}"]').select_option(
                label=pair["match"]
            )


def take_quiz(page, user: User, quiz) -> None:
    page.goto(quiz.url)
    assert_no_axe_violations(page)
    click_and_wait(page, "Toets starten")
    attempt = Attempt.objects.get(user=user, quiz_id=quiz.pk)
    for number, question in enumerate(attempt.questions, start=1):
        expect(page.get_by_role("heading", name=f"Vraag {number} van")).to_be_visible()
        answer_question(page, question)
        last = number == len(attempt.questions)
        click_and_wait(page, "Inleveren" if last else "Bewaren en volgende vraag")
    click_and_wait(page, "Ja, inleveren")
    assert_no_axe_violations(page)
    trainer = User.objects.get(email="trainer@bijblijven.example")
    for row in AttemptAnswer.objects.filter(attempt__user=user, answer__isnull=False):
        if attempt.questions[row.index]["type"] == "essay":
            answer_mark(answer_id=row.pk, marker=trainer, score=1, feedback="Goed.")
    assert Attempt.objects.get(user=user, quiz_id=quiz.pk).passed


def play_scenario(page, user: User, scenario) -> None:
    page.goto(scenario.url)
    click_and_wait(page, "Scenario starten")
    for _ in range(MAX_STEPS):
        attempt = ScenarioAttempt.objects.select_related("version").get(
            user=user, page_id=scenario.pk
        )
        if attempt.status != "in_progress":
            break
        definition = parse_definition(attempt.version.definition)
        state = State.from_json(attempt.state)
        best = max(available_choices(definition, state), key=lambda c: c.points)
        page.get_by_label(best.text, exact=True).check()
        click_and_wait(page, "Dit antwoord kiezen")
    assert ScenarioAttempt.objects.get(user=user, page_id=scenario.pk).passed
    assert_no_axe_violations(page)


def test_learner_walks_course_one_from_enrolment_to_certificate(page, site, tmp_path):
    call_command("load_demo_content", stdout=StringIO())
    learner = UserFactory()
    course = CoursePage.objects.get(slug="3-mmc-en-nps", locale__language_code="nl")
    log_in(page, learner)

    page.goto(course.url)
    click_and_wait(page, "Inschrijven voor deze cursus")
    for item in course_outline(course=course).items:
        specific = item.specific
        if isinstance(specific, LessonPage):
            page.goto(specific.url)
            click_and_wait(page, "Les afronden")
        elif specific.completion_kind == "quiz":
            take_quiz(page, learner, specific)
        else:
            play_scenario(page, learner, specific)

    certificate = Certificate.objects.get(user=learner, course=course)
    page.goto("/mijn-leeromgeving/")
    assert_no_axe_violations(page)
    page.goto(f"/verify/{certificate.code}/")
    expect(page.get_by_text("geldig", exact=False).first).to_be_visible()
    assert learner.full_name in page.content()
    assert_no_axe_violations(page)
