"""A learner plays a branching scenario to two different endings using only the
keyboard: focus lands on the feedback after each choice, and axe-core finds no
violations on the intro, step, feedback and result pages."""

from playwright.sync_api import expect

from assessments.scenarios.services import skill_tags_ensure
from courses.services import enrolment_create
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import focused, log_in, tab_to
from tests.factories.scenarios import scenario_course_create
from tests.factories.users import UserFactory


def activate_button(page, text: str) -> None:
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_by_keyboard(page, position: int, text: str) -> None:
    """Tab into the radio group, arrow to the ``position``-th choice (0-based),
    tick it with Space, Tab to the submit button and press Enter."""
    tab_to(page, lambda el: el["type"] == "radio")
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")
    assert focused(page)["label"] == text
    expect(page.get_by_label(text)).to_be_checked()
    activate_button(page, "Dit antwoord kiezen")


def expect_feedback_focused(page, feedback: str) -> None:
    feedback_region = page.get_by_role("status").filter(has_text="Feedback op je keuze")
    expect(feedback_region).to_contain_text(feedback)
    assert focused(page)["id"] == "feedback"


def test_learner_reaches_two_endings_when_playing_by_keyboard_alone(page, site):
    skill_tags_ensure()  # the flush of transactional tests removed the seeded tags
    scenario = scenario_course_create(site)
    learner = UserFactory()
    enrolment_create(user=learner, course=scenario.course)
    log_in(page, learner)

    page.goto(scenario.page.url)
    assert_no_axe_violations(page)
    activate_button(page, "Scenario starten")
    expect(page.get_by_role("heading", level=2)).to_have_text("Stap 1: Opening")
    assert focused(page)["id"] == "stap-kop"
    assert_no_axe_violations(page)

    # Ending 1: an open question raises trust, which shows a hidden choice.
    choose_by_keyboard(page, 0, "Vertel eens meer.")
    expect_feedback_focused(page, "Goed: een open vraag.")
    assert_no_axe_violations(page)
    choose_by_keyboard(page, 2, "Mag ik iets vertellen over combineren?")
    expect_feedback_focused(page, "Feedback bij Mag ik iets vertellen")
    expect(
        page.get_by_role("heading", name="Einde: Een vervolgafspraak")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Score per vaardigheid")).to_be_visible()
    expect(page.get_by_text("Je score: 100%")).to_be_visible()
    assert_no_axe_violations(page)

    # Ending 2: a lecture costs trust; the route then ends the conversation.
    activate_button(page, "Opnieuw oefenen")
    expect(page.get_by_role("heading", level=2)).to_have_text("Stap 1: Opening")
    choose_by_keyboard(page, 1, "Dat is verboden, weet je.")
    expect_feedback_focused(page, "Een preek roept wrijving op.")
    expect(page.get_by_label("Mag ik iets vertellen over combineren?")).to_have_count(0)
    choose_by_keyboard(page, 1, "Je moet stoppen.")
    expect(page.get_by_role("heading", name="Einde: Sem loopt weg")).to_be_visible()
    expect(page.get_by_text("niet geslaagd").first).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(scenario.page.url)
    expect(page.get_by_role("link", name="Poging 1")).to_be_visible()
    expect(page.get_by_role("link", name="Poging 2")).to_be_visible()
    assert_no_axe_violations(page)
