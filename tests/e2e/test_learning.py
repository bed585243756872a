"""A learner finds a course by filter, enrols, completes two lessons by keyboard,
sees progress, leaves and resumes where they left off."""

from playwright.sync_api import expect

from courses.models import Topic
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory


def press_button_by_keyboard(page, name: str) -> None:
    button = page.get_by_role("button", name=name)
    button.focus()
    expect(button).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_learner_enrols_completes_two_lessons_and_resumes_when_using_keyboard(
    page, site
):
    tree = course_tree_create(site, title="Gesprekken over 3-MMC", slug="gesprekken")
    other = course_tree_create(site, title="Iets anders", slug="anders")
    topic = Topic.objects.create(name="Gespreksvaardigheden", slug="gesprekken")
    tree.course.audiences.set(["huisarts"])
    tree.course.topics.set([topic])
    tree.course.save_revision().publish()
    other.course.audiences.set(["politie"])
    other.course.save_revision().publish()
    learner = UserFactory()
    log_in(page, learner)

    page.goto(tree.catalogue.url)
    assert_no_axe_violations(page)
    page.get_by_label("Beroep").select_option("huisarts")
    page.get_by_label("Onderwerp").select_option("gesprekken")
    press_button_by_keyboard(page, "Toon cursussen")
    expect(page.get_by_role("link", name="Gesprekken over 3-MMC")).to_be_visible()
    expect(page.get_by_role("link", name="Iets anders")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Gesprekken over 3-MMC").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_no_axe_violations(page)
    press_button_by_keyboard(page, "Inschrijven voor deze cursus")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les 1.1")
    assert_no_axe_violations(page)

    press_button_by_keyboard(page, "Les afronden en verder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les 1.2")
    press_button_by_keyboard(page, "Les afronden en verder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les 2.1")
    expect(page.get_by_text("Voortgang: 2 van 4 onderdelen afgerond")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/")
    page.goto("/mijn-leeromgeving/")
    expect(page.get_by_text("Voortgang: 2 van 4 onderdelen afgerond")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Verder waar je was: Les 2.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les 2.1")

    page.goto(tree.course.url)
    page.get_by_role("link", name="Verder waar je was: Les 2.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les 2.1")
