"""A signed-in learner finds the courses for their profession in the catalogue,
shows all courses and picks another profession, with JavaScript off; axe-core
checks the catalogue."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory


def _course(site, title: str, slug: str, profession: str):
    tree = course_tree_create(site, title=title, slug=slug, modules=0)
    tree.course.audiences.set([profession])
    tree.course.save_revision().publish()
    return tree


def test_learner_filters_catalogue_by_profession_when_javascript_is_off(
    browser, live_server, site
):
    catalogue = _course(site, "Politie op straat", "politie", "politie").catalogue
    _course(site, "In de spreekkamer", "arts", "huisarts")
    learner = UserFactory(profession="politie")
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, learner)
    page.goto(catalogue.url)
    courses = page.get_by_role("list", name="1 cursus")
    expect(courses.get_by_role("link", name="Politie op straat")).to_be_visible()
    expect(page.get_by_label("Beroep")).to_have_value("politie")

    with page.expect_navigation():
        page.get_by_role("link", name="Toon alle cursussen").click()
    expect(page.get_by_role("heading", name="2 cursussen")).to_be_visible()

    page.get_by_label("Beroep").select_option("huisarts")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon cursussen").click()
    expect(page.get_by_role("link", name="In de spreekkamer")).to_be_visible()
    expect(page.get_by_role("link", name="Politie op straat")).to_have_count(0)
    context.close()

    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    log_in(page, learner)
    page.goto(catalogue.url)
    assert_no_axe_violations(page)
    context.close()
