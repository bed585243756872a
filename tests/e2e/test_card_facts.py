"""A reviewer (the role that publishes cards) moves 3-MMC to another Opium Act
list on its substance card in the admin; every lesson that shows the card's fact
shows the new list with no lesson edit, the question tied to the card is
suspended and listed for review, and the reviewer confirms it."""

from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import ReferenceIndex

from courses.roles import REVIEWERS, roles_ensure
from courses.services import enrolment_create
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.assessments import category_create, question_create
from tests.factories.courses import course_tree_create, substance_card_create
from tests.factories.users import UserFactory

# The admin's edit page is heavier than a learner page; shared CI machines are slow.
SLOW_MACHINE_MS = 30_000


def _reviewer():
    roles_ensure()
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    return reviewer


def test_reviewer_changes_card_list_and_lessons_follow_when_published(
    page, site, browser, live_server
):
    tree = course_tree_create(site, title="3-MMC en NPS", slug="nps")
    card = substance_card_create(opium_act_list="II")
    for lesson in tree.lessons[:2]:
        lesson.body = [
            ("fact", {"card": card, "fact": "legal_status", "lead": "3-MMC nu:"})
        ]
        lesson.save_revision().publish()
        ReferenceIndex.create_or_update_for_object(lesson)
    question = question_create(category=category_create(), key="nps-lijst")
    question.fact_cards.add(card)
    learner = UserFactory()
    enrolment_create(user=learner, course=tree.course)

    page.set_default_timeout(SLOW_MACHINE_MS)
    log_in(page, learner)
    for lesson in tree.lessons[:2]:
        page.goto(lesson.url)
        expect(page.locator(".bb-fact")).to_contain_text("Lijst II van de Opiumwet")
    assert_no_axe_violations(page)

    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    admin = context.new_page()
    admin.set_default_timeout(SLOW_MACHINE_MS)
    log_in(admin, _reviewer())
    admin.goto(f"/beheer/snippets/courses/substancecard/edit/{card.pk}/")
    expect(admin.get_by_text("Let op voordat je de juridische status")).to_be_visible()
    admin.get_by_label("Lijst in de Opiumwet").select_option("I")
    admin.get_by_label("Geldt vanaf").fill("2024-07-01")
    admin.get_by_role("button", name="Meer acties").last.click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Publiceren").click()

    admin.goto("/beheer/reports/inhoud-te-beoordelen/")
    expect(admin.get_by_role("link", name="nps-lijst", exact=False)).to_be_visible()
    expect(admin.get_by_role("link", name=tree.lessons[0].title)).to_be_visible()
    question.refresh_from_db()
    assert question.suspended_at is not None
    with admin.expect_navigation():
        admin.get_by_role("link", name="Controleren").click()
    expect(admin.get_by_text("Lijst I van de Opiumwet")).to_be_visible()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Klopt nog: weer laten trekken").click()
    expect(admin.get_by_text("is bevestigd en wordt weer getrokken")).to_be_visible()
    context.close()
    question.refresh_from_db()
    assert question.suspended_at is None

    for lesson in tree.lessons[:2]:
        page.goto(lesson.url)
        fact = page.locator(".bb-fact")
        expect(fact).to_contain_text("Lijst I van de Opiumwet, sinds 1 juli 2024")
        expect(fact).not_to_contain_text("Lijst II")
        assert_no_axe_violations(page)
