"""The admin screens trainers and reviewers work in are axe-clean (issue 18,
item 5 and "done when"): the demo trainer and reviewer (no superuser) open the
page tree, a course and a lesson in the editor (rich text in panels and in
StreamField blocks), the quiz editor, the question bank with a search term, a
question's editor (its tag input), question categories, substance cards and,
for the trainer, images and documents. Each must open as itself (no redirect
to "geen toegang") with no WCAG 2.1 A/AA violation. Rich-text editors and the
tag input are named by `training/js/admin-labels.js` and `training/widgets.py`;
without them this test fails."""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Question, QuizPage
from courses.models import CoursePage, LessonPage
from demo.accounts import DEMO_PASSWORD
from tests.e2e.conftest import assert_no_axe_violations
from training.models import User

SLOW_MACHINE_MS = 30_000


def _screens(*, trainer: bool) -> list[str]:
    course = CoursePage.objects.get(slug="3-mmc-en-nps", locale__language_code="nl")
    lesson = LessonPage.objects.descendant_of(course).live().first()
    quiz = QuizPage.objects.descendant_of(course).live().first()
    question = Question.objects.filter(locale__language_code="nl").first()
    screens = [
        f"/beheer/pages/{course.get_parent().pk}/",
        f"/beheer/pages/{course.pk}/edit/",
        f"/beheer/pages/{lesson.pk}/edit/",
        f"/beheer/pages/{quiz.pk}/edit/",
        "/beheer/snippets/assessments/question/?q=mmc",
        "/beheer/snippets/assessments/questioncategory/",
        "/beheer/snippets/courses/substancecard/",
    ]
    if trainer:  # reviewers read the question bank; they keep no media
        screens += [
            f"/beheer/snippets/assessments/question/edit/{question.pk}/",
            "/beheer/images/",
            "/beheer/documents/",
        ]
    return screens


def _log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_trainer_and_reviewer_admin_screens_have_no_axe_violations(page, site):
    call_command("load_demo_content", stdout=StringIO())
    page.set_default_timeout(SLOW_MACHINE_MS)
    for email in ("trainer@bijblijven.example", "reviewer@bijblijven.example"):
        assert not User.objects.get(email=email).is_superuser
        _log_in(page, email)
        for url in _screens(trainer=email.startswith("trainer")):
            response = page.goto(url)
            assert response is not None, url
            assert response.status == 200, url
            assert page.url.endswith(url), f"{email}: {url} led to {page.url}"
            page.wait_for_load_state("networkidle")
            assert_no_axe_violations(page)
