"""A learner's typed essay survives a lapsed session: 'Bewaren' with an expired
session leads to the sign-in page, and after signing in again the question
shows what they typed (kept in the browser until the server has it)."""

import re

from playwright.sync_api import expect

from courses.services import enrolment_create
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.assessments import category_create, question_create, quiz_create
from tests.factories.courses import course_tree_create
from tests.factories.users import TEST_PASSWORD, UserFactory

ESSAY = " ".join(["Ik begin met een open vraag en luister zonder oordeel."] * 8)


def test_typed_essay_comes_back_when_the_session_lapsed_before_saving(page, site):
    tree = course_tree_create(site, modules=1, lessons_per_module=0)
    category = category_create()
    questions = [question_create(category=category, type="essay")]
    quiz = quiz_create(tree.modules[0], questions=questions, title="Reflectie")
    learner = UserFactory()
    enrolment_create(user=learner, course=tree.course)
    log_in(page, learner)
    page.goto(quiz.url)
    with page.expect_navigation():
        page.get_by_role("button", name="Toets starten").click()
    attempt_url = page.url
    page.locator("textarea").fill(ESSAY)

    page.context.clear_cookies(name="sessionid")  # the session lapses
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaren", exact=True).click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.locator("#id_login").fill(learner.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.url != attempt_url:
        page.goto(attempt_url)
    expect(page.locator("textarea")).to_have_value(ESSAY)
    expect(page.get_by_role("status").filter(has_text="teruggezet")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Bewaren", exact=True).click()
    page.reload()
    expect(page.locator("textarea")).to_have_value(ESSAY)
    expect(page.get_by_text("teruggezet")).to_have_count(0)  # the server has it
