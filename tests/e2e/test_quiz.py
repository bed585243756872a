"""A learner takes a quiz with the keyboard alone: fails, waits out a short
cool-down, retries and passes; the course then shows the quiz as done.
axe-core checks every quiz page on the way."""

import datetime
import time

from playwright.sync_api import expect

from courses.services import enrolment_create
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import focused, press_button, tab_to
from tests.factories.assessments import category_create, question_create, quiz_create
from tests.factories.courses import course_tree_create
from tests.factories.users import TEST_PASSWORD, UserFactory

COOLDOWN_SECONDS = 3
# Per question: what to do to answer it wrong and right (see question_create).
WRONG = {
    "single": ("radio", "Fout antwoord"),
    "multiple": ("checkbox", ["Fout een"]),
    "true_false": ("radio", "Onjuist"),
    "short_text": ("text", "lijst I"),
    "ordering": ("select", {"Eerst": "3", "Daarna": "2", "Als laatste": "1"}),
}
RIGHT = {
    "single": ("radio", "Goed antwoord"),
    "multiple": ("checkbox", ["Goed een", "Goed twee"]),
    "true_false": ("radio", "Juist"),
    "short_text": ("text", "Lijst II"),
    "ordering": ("select", {"Eerst": "1", "Daarna": "2", "Als laatste": "3"}),
}


def answer(page, kind: str, value) -> None:
    if kind == "radio":
        tab_to(page, lambda el: el["type"] == "radio")
        page.keyboard.press("Space")
        for _ in range(5):
            if focused(page)["label"] == value:
                break
            page.keyboard.press("ArrowDown")
        expect(page.get_by_label(value, exact=True)).to_be_checked()
    elif kind == "checkbox":
        for label in value:
            tab_to(page, lambda el, label=label: el["label"] == label)
            page.keyboard.press("Space")
            expect(page.get_by_label(label, exact=True)).to_be_checked()
    elif kind == "text":
        tab_to(page, lambda el: el["type"] == "text")
        page.keyboard.type(value)
    else:
        for label, position in value.items():
            tab_to(page, lambda el, label=label: el["label"] == label)
            page.keyboard.type(position)
            expect(page.get_by_label(label, exact=True)).to_have_value(position)


def take_quiz(page, answers: dict, kinds: list[str], *, check_axe: bool) -> None:
    for number, kind in enumerate(kinds, start=1):
        expect(page.get_by_role("heading", level=2).first).to_have_text(
            f"Vraag {number} van {len(kinds)}"
        )
        answer(page, *answers[kind])
        if check_axe:
            assert_no_axe_violations(page)
        last = number == len(kinds)
        press_button(page, "Inleveren" if last else "Bewaren en volgende vraag")
    # the confirmation step, by keyboard too
    expect(page.get_by_role("heading", level=1)).to_have_text("Inleveren?")
    expect(
        page.get_by_text(f"Je hebt {len(kinds)} van {len(kinds)} vragen")
    ).to_be_visible()
    if check_axe:
        assert_no_axe_violations(page)
    press_button(page, "Ja, inleveren")


def test_learner_fails_waits_retries_and_passes_when_using_only_the_keyboard(
    page, site
):
    tree = course_tree_create(site, modules=1, lessons_per_module=0)
    category = category_create()
    kinds = list(WRONG)
    questions = [question_create(category=category, type=kind) for kind in kinds]
    quiz = quiz_create(
        tree.modules[0],
        questions=questions,
        title="Toets: 3-MMC",
        cooldown=datetime.timedelta(seconds=COOLDOWN_SECONDS),
    )
    learner = UserFactory()
    enrolment_create(user=learner, course=tree.course)

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(learner.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    page.goto(quiz.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Toets: 3-MMC")
    assert_no_axe_violations(page)
    press_button(page, "Toets starten")
    take_quiz(page, WRONG, kinds, check_axe=True)

    expect(page.get_by_role("heading", name="Niet geslaagd")).to_be_visible()
    expect(page.get_by_text("Poging 1: je behaalde 0% van de punten.")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(quiz.url)
    expect(page.get_by_text("Je kunt het opnieuw proberen vanaf")).to_be_visible()
    expect(page.get_by_role("button", name="Opnieuw proberen")).to_have_count(0)
    assert_no_axe_violations(page)

    time.sleep(COOLDOWN_SECONDS + 0.5)
    page.reload()
    press_button(page, "Opnieuw proberen")
    take_quiz(page, RIGHT, kinds, check_axe=False)
    expect(page.get_by_role("heading", name="Geslaagd")).to_be_visible()
    expect(
        page.get_by_text("Poging 2: je behaalde 100% van de punten.")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(tree.course.url)
    quiz_item = page.locator(".bb-outline__items li").filter(has_text="Toets: 3-MMC")
    expect(quiz_item.get_by_text("afgerond")).to_be_visible()
    expect(page.get_by_text("Je hebt deze cursus afgerond.")).to_be_visible()


def test_learner_passes_when_javascript_is_off(browser, live_server, site):
    tree = course_tree_create(site, modules=1, lessons_per_module=0)
    category = category_create()
    kinds = ["single", "ordering"]
    questions = [question_create(category=category, type=kind) for kind in kinds]
    quiz = quiz_create(tree.modules[0], questions=questions, layout="all")
    learner = UserFactory()
    enrolment_create(user=learner, course=tree.course)
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", base_url=live_server.url
    )
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(learner.email)
        page.locator("#id_password").fill(TEST_PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        page.goto(quiz.url)
        page.get_by_role("button", name="Toets starten").click()
        page.get_by_label("Goed antwoord", exact=True).check()
        for label, position in RIGHT["ordering"][1].items():
            page.get_by_label(label, exact=True).select_option(position)
        page.get_by_role("button", name="Inleveren").click()
        page.get_by_role("button", name="Ja, inleveren").click()
        expect(page.get_by_role("heading", name="Geslaagd")).to_be_visible()
    finally:
        context.close()
