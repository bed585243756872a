"""Issue 18 item 8 in a browser: a nurse with a certificate from before joining
accepts an invitation and is asked whether to share it; her manager sees
"certificaat aanwezig, nog niet gedeeld" (no date of the certificate) until she
shares it on "Mijn leeromgeving", then "geldig" with its real date. axe-core
finds no violations on the pages involved."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from organisations.services.invitations import invitation_create_email
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.e2e.test_learning import press_button_by_keyboard
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import (
    OrganisationFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory

UNSHARED = "certificaat aanwezig, nog niet gedeeld"


def test_learner_shares_an_earlier_certificate_and_the_manager_sees_it_when_asked(
    browser, live_server, site
):
    tree = course_tree_create(site, title="Signaleren van 3-MMC-gebruik", slug="3mmc")
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    requirement_create(organisation, tree.course, due_within_days=30)
    manager = manager_create(organisation, first_name="Petra", last_name="Jansen")
    learner = UserFactory(
        email="noor@praktijk.example", first_name="Noor", last_name="Haddou"
    )
    today = timezone.localdate()
    CertificateFactory(
        user=learner,
        course=tree.course,
        issued_on=today - datetime.timedelta(days=200),
        valid_until=datetime.date(today.year + 3, 7, 9),
    )
    invitation = invitation_create_email(
        organisation=organisation, email=learner.email, actor=manager
    )

    learner_context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    learner_page = learner_context.new_page()
    learner_page.set_default_timeout(15_000)
    log_in(learner_page, learner)
    learner_page.goto(f"/organisatie/uitnodiging/{invitation.token}/")
    press_button_by_keyboard(learner_page, "Lid worden van Huisartsenpraktijk De Linde")
    # on joining: the consent screen names the covered course and asks
    expect(learner_page.get_by_role("heading", level=1)).to_have_text(
        "Mag Huisartsenpraktijk De Linde je eerdere certificaten zien?"
    )
    expect(
        learner_page.get_by_role("listitem").filter(
            has_text="Signaleren van 3-MMC-gebruik"
        )
    ).to_be_visible()
    expect(
        learner_page.get_by_role("button", name=re.compile("^Delen"))
    ).to_be_visible()
    expect(
        learner_page.get_by_role("button", name=re.compile("^Niet delen"))
    ).to_be_visible()
    assert_no_axe_violations(learner_page)

    manager_context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = manager_context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, manager)
    page.goto(f"/organisatie/{organisation.pk}/dashboard/")
    row = page.get_by_role("row").filter(has_text="noor@praktijk.example")
    expect(row.get_by_text(UNSHARED)).to_be_visible()
    expect(row).not_to_contain_text(str(today.year + 3))
    assert_no_axe_violations(page)

    # she does not answer yet; "Mijn leeromgeving" asks again
    learner_page.goto("/mijn-leeromgeving/")
    prompt = learner_page.locator(".bb-share-prompt")
    expect(prompt.get_by_role("heading")).to_have_text(
        "Je certificaat delen met Huisartsenpraktijk De Linde?"
    )
    expect(prompt.get_by_text("Signaleren van 3-MMC-gebruik")).to_be_visible()
    expect(learner_page.get_by_text(UNSHARED).first).to_be_visible()
    assert_no_axe_violations(learner_page)
    share = learner_page.get_by_role(
        "button", name="Delen met Huisartsenpraktijk De Linde", exact=True
    )
    share.focus()
    with learner_page.expect_navigation():
        learner_page.keyboard.press("Enter")
    expect(learner_page).to_have_url(re.compile("/mijn-leeromgeving/$"))
    expect(
        learner_page.get_by_text(
            "Huisartsenpraktijk De Linde ziet nu ook je eerdere certificaten."
        )
    ).to_be_visible()
    expect(learner_page.locator(".bb-share-prompt")).to_have_count(0)
    assert_no_axe_violations(learner_page)
    learner_context.close()

    page.reload()
    row = page.get_by_role("row").filter(has_text="noor@praktijk.example")
    expect(row.get_by_text("geldig", exact=True)).to_be_visible()
    expect(row).to_contain_text(f"9-7-{today.year + 3}")
    expect(row.get_by_text(UNSHARED)).to_have_count(0)
    assert_no_axe_violations(page)
    manager_context.close()
