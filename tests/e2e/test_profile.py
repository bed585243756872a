"""A learner corrects their name, profession and language on their profile page
and finds the email and password pages from the account menu; axe-core checks
each page."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.users import UserFactory
from training.models import User


def test_learner_updates_profile_and_finds_password_page_when_signed_in(page, site):
    learner = UserFactory(first_name="Sane", last_name="Vries")
    log_in(page, learner)
    with page.expect_navigation():
        page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
    assert_no_axe_violations(page)

    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("de Vries")
    page.get_by_label("Beroep").select_option("politie")
    page.get_by_label("Taal voor website en e-mail").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_text("Your details have been saved.")).to_be_visible()
    assert_no_axe_violations(page)
    learner = User.objects.get(pk=learner.pk)
    assert learner.full_name == "Sanne de Vries"
    assert (learner.profession, learner.preferred_language) == ("politie", "en")

    account_menu = page.get_by_role("navigation", name="My account")
    with page.expect_navigation():
        account_menu.get_by_role("link", name="Password").click()
    expect(page.get_by_label("Current Password")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        account_menu.get_by_role("link", name="Email address").click()
    expect(page.get_by_text(learner.email).first).to_be_visible()
    assert_no_axe_violations(page)


def test_learner_erases_own_account_with_the_keyboard_when_signed_in(page, site):
    from tests.factories.users import TEST_PASSWORD
    from training.models import PrivacyAction, PrivacyLogEntry, PrivacySource

    learner = UserFactory(first_name="Wies", last_name="Oosterbroek")
    PrivacyLogEntry.objects.create(
        actor=UserFactory(first_name="Petra", last_name="Jansen"),
        subject=learner,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.PERSON_PAGE,
        context="De Linde",
    )
    log_in(page, learner)
    page.goto("/accounts/mijn-gegevens/")
    expect(page.get_by_role("cell", name="Petra Jansen")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Je account en je gegevens wissen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account wissen")
    assert_no_axe_violations(page)
    page.get_by_label("Trek mijn certificaten in").check()
    page.get_by_label("Je wachtwoord").fill("niet goed")
    with page.expect_navigation():
        page.get_by_label("Je wachtwoord").press("Enter")
    expect(page.get_by_text("Dit wachtwoord klopt niet.").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Je wachtwoord").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Je wachtwoord").press("Enter")
    expect(page.get_by_text("Je account en je gegevens zijn gewist.")).to_be_visible()
    learner = User.objects.get(pk=learner.pk)
    assert learner.erased_at is not None
    assert learner.last_name == ""
