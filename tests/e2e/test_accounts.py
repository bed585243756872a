"""A newcomer's first visit: Dutch home page, English, sign up, verify, log in."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations
from training.models import User


def test_newcomer_signs_up_verifies_and_logs_in_when_switching_to_english(page, site):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Bijblijven"
    assert_no_axe_violations(page)

    page.get_by_role("button", name=re.compile("EN")).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Create account").first.click()
    assert_no_axe_violations(page)
    page.get_by_label("First name").fill("Noor")
    page.get_by_label("Last name").fill("Bakker")
    page.get_by_label("Profession").select_option("politie")
    page.get_by_label("Email").fill("noor@example.org")
    page.locator("#id_password1").fill("een-lang-wachtwoord-42")
    page.locator("#id_password2").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    assert "verify" in page.content().lower() or "verif" in page.url
    assert_no_axe_violations(page)

    user = User.objects.get(email="noor@example.org")
    assert user.profession == "politie"
    assert user.preferred_language == "en"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    page.get_by_role("button", name="Log out").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Log in").first.click()
    assert_no_axe_violations(page)
    page.get_by_label("Email").fill("noor@example.org")
    page.locator("#id_password").fill("een-lang-wachtwoord-42")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
