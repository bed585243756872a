"""After each round trip to the server in a quiz, keyboard focus lands where the
learner continues: the next question's heading, the feedback on a checked answer,
the error summary, the result. Before, it fell back to the top of the page and a
screen reader user heard nothing of what changed."""

from playwright.sync_api import expect

from courses.services import enrolment_create
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in, press_button, tab_to
from tests.factories.assessments import category_create, question_create, quiz_create
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement.innerText.trim()")


def test_focus_follows_each_quiz_step_when_using_the_keyboard(page, site):
    tree = course_tree_create(site, modules=1, lessons_per_module=0)
    category = category_create()
    questions = [question_create(category=category) for _ in range(2)]
    quiz = quiz_create(tree.modules[0], questions=questions, feedback_mode="immediate")
    learner = UserFactory()
    enrolment_create(user=learner, course=tree.course)
    log_in(page, learner)
    page.goto(quiz.url)
    press_button(page, "Toets starten")
    assert focused_text(page) == "Vraag 1 van 2"

    # checking without an answer: back on the question, the message is announced
    press_button(page, "Controleer mijn antwoord")
    assert focused_text(page) == "Vraag 1 van 2"

    tab_to(page, lambda el: el["type"] == "radio")
    page.keyboard.press("Space")
    press_button(page, "Controleer mijn antwoord")
    expect(page.locator(".bb-feedback")).to_be_focused()
    assert_no_axe_violations(page)

    press_button(page, "Bewaren en volgende vraag")
    assert focused_text(page) == "Vraag 2 van 2"
    tab_to(page, lambda el: el["type"] == "radio")
    page.keyboard.press("Space")
    press_button(page, "Controleer mijn antwoord")
    expect(page.locator(".bb-feedback")).to_be_focused()

    press_button(page, "Inleveren")
    press_button(page, "Ja, inleveren")
    expect(page.get_by_role("heading", level=2, name="Geslaagd")).to_be_focused()
