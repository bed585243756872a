"""The demo's accreditation records in the browser: a course page says who wrote
it and that no external reviewer has looked at it yet (axe-clean), and the demo
trainer (not a superuser) opens the alignment matrix and the computed study time
from the admin's reports menu."""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import CoursePage
from demo.accounts import DEMO_PASSWORD
from tests.e2e.conftest import assert_no_axe_violations
from training.models import User

SLOW_MACHINE_MS = 30_000


def test_course_page_and_trainer_matrix_when_demo_loaded(page, site):
    call_command("load_demo_content", stdout=StringIO())
    page.set_default_timeout(SLOW_MACHINE_MS)
    course = CoursePage.objects.get(slug="3-mmc-en-nps", locale__language_code="nl")

    page.goto(course.url)
    authorship = page.locator("section.bb-authorship")
    expect(authorship).to_contain_text("Redactie Bijblijven")
    expect(authorship).to_contain_text("Nog niet extern beoordeeld.")
    expect(authorship).to_contain_text("zonder sponsoring")
    assert_no_axe_violations(page)

    trainer = User.objects.get(email="trainer@bijblijven.example")
    assert not trainer.is_superuser
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(trainer.email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    page.goto("/beheer/")
    page.get_by_role("button", name="Rapporten").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Leerdoelen en studietijd").click()
    for title in CoursePage.objects.filter(locale__language_code="nl").values_list(
        "title", flat=True
    ):
        expect(page.get_by_role("link", name=title)).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=course.title).click()
    matrix = page.locator("#alignment-matrix")
    expect(matrix).to_be_visible()
    expect(matrix.get_by_text("nps-lijst-ii", exact=False)).to_be_visible()
    expect(page.get_by_text("Berekend uit de inhoud:")).to_be_visible()
    expect(page.get_by_text("Aan geen leerdoel gekoppeld")).to_have_count(0)
    expect(page.get_by_text("Niet getoetst:")).to_have_count(0)
    assert_no_axe_violations(page)
