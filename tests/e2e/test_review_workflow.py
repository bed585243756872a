"""The expert review, end to end in the browser with the real roles (no
superuser): a trainer writes a new course and sends it for review, a reviewer
approves and publishes it from the admin dashboard, and a learner finds it in
the catalogue and takes it."""

import datetime
import re

from playwright.sync_api import expect
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage
from courses.roles import REVIEWERS, TRAINERS, catalogue_roles_ensure
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.courses import LESSON_BODY, catalogue_create
from tests.factories.users import UserFactory, role_member_create

# The admin's edit pages are heavier than a learner page; CI machines are slow.
SLOW_MACHINE_MS = 30_000
TITLE = "Werken met chemsex-cliënten"


def _draft_child(parent: Page, page: Page, owner) -> Page:
    """A page saved as a draft by the trainer (never published)."""
    page.live = False
    page.owner = owner
    parent.add_child(instance=page)
    page.save_revision(user=owner)
    return page


def _admin(browser, live_server, user):
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    admin = context.new_page()
    admin.set_default_timeout(SLOW_MACHINE_MS)
    log_in(admin, user)
    return context, admin


def _submit_for_review(admin, page_id: int) -> None:
    admin.goto(f"/beheer/pages/{page_id}/edit/")
    admin.get_by_role("button", name="Meer acties").last.click()
    admin.get_by_role("button", name="Stuur door naar Inhoudelijke review").click()
    expect(admin.locator(".messages")).to_contain_text("ter goedkeuring ingediend")


def test_trainer_writes_reviewer_publishes_learner_takes_a_new_course_when_reviewed(
    page, site, browser, live_server
):
    catalogue = catalogue_create(site)
    catalogue_roles_ensure(catalogue)
    trainer = role_member_create(TRAINERS)
    reviewer = role_member_create(REVIEWERS)
    learner = UserFactory()

    # The trainer writes the course in the admin and sends it for review.
    context, admin = _admin(browser, live_server, trainer)
    admin.goto(f"/beheer/pages/add/courses/coursepage/{catalogue.pk}/")
    admin.locator("#id_title").fill(TITLE)
    admin.locator("#id_summary").fill("Hoe je een gesprek over chemsex begint.")
    admin.get_by_label("Huisarts", exact=True).check()  # the learner's profession
    goals = admin.locator(
        "#panel-child-inhoud-child-learning_goals-wrapper [contenteditable=true]"
    )
    goals.click()
    admin.keyboard.type("Je kunt een open vraag stellen.")
    # Draftail writes its hidden input a moment after the last key
    expect(admin.locator("#id_learning_goals")).to_have_value(re.compile("open vraag"))
    admin.get_by_role("button", name="Meer acties").last.click()
    admin.get_by_role("button", name="Stuur door naar Inhoudelijke review").click()
    expect(admin).not_to_have_url(re.compile("/add/"))
    expect(admin.locator(".messages")).to_contain_text("ingediend voor controle")
    course = CoursePage.objects.get(title=TITLE)
    assert not course.live
    assert course.current_workflow_state is not None
    module = _draft_child(
        course, ModulePage(title="Het gesprek", slug="gesprek"), trainer
    )
    lesson = _draft_child(
        module,
        LessonPage(
            title="De eerste vraag",
            slug="eerste-vraag",
            body=LESSON_BODY,
            content_owner="Redactie",
            review_by=datetime.date(2030, 1, 1),
        ),
        trainer,
    )
    for draft in (module, lesson):
        _submit_for_review(admin, draft.pk)
    context.close()

    # Nothing is in the catalogue before the review.
    log_in(page, learner)
    page.goto(catalogue.url)
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # The reviewer approves and publishes each page from the dashboard.
    context, admin = _admin(browser, live_server, reviewer)
    for draft in (course, module, lesson):
        admin.goto("/beheer/")
        row = admin.locator("tr", has=admin.get_by_role("link", name=draft.title))
        row.locator("[data-w-dropdown-target=toggle]").first.click()
        with admin.expect_navigation():
            row.get_by_text("Goedkeuren", exact=True).click()
        expect(row).to_have_count(0)  # no longer awaiting review
    assert_no_axe_violations(admin)
    context.close()
    for draft in (course, module, lesson):
        draft.refresh_from_db()
        assert draft.live, draft
        assert draft.current_workflow_state is None

    # The learner finds the course and takes it.
    page.goto(catalogue.url)
    page.get_by_role("link", name=TITLE).click()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Inschrijven voor deze cursus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De eerste vraag")
    with page.expect_navigation():
        page.get_by_role("button", name="Les afronden", exact=False).click()
    expect(page.get_by_text("Gefeliciteerd", exact=False)).to_be_visible()
    assert_no_axe_violations(page)
