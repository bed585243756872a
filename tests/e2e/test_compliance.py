"""A manager imports three people, one accepts the invitation and completes the
required course, and the dashboard shows the change; axe-core finds no
violations on the manager pages."""

import re
from urllib.parse import urlparse

from django.core import mail
from playwright.sync_api import expect

from organisations.models import Invitation
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.e2e.test_learning import press_button_by_keyboard
from tests.factories.courses import course_tree_create
from tests.factories.organisations import (
    OrganisationFactory,
    TeamFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory

STAFF_CSV = (
    b"e-mailadres;voornaam;achternaam;team;beroep\n"
    b"noor@praktijk.example;Noor;Haddou;Artsen;huisarts\n"
    b"pim@praktijk.example;Pim;de Groot;Artsen;huisarts\n"
    b"sara@praktijk.example;Sara;Willems;;anders\n"
)


def test_manager_imports_staff_and_sees_a_completed_course_when_one_joins(
    browser, live_server, site
):
    tree = course_tree_create(site, title="Signaleren van 3-MMC-gebruik", slug="3mmc")
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    TeamFactory(organisation=organisation, name="Artsen")
    requirement_create(organisation, tree.course, due_within_days=30)
    manager = manager_create(organisation, first_name="Petra", last_name="Jansen")
    learner = UserFactory(
        email="noor@praktijk.example", first_name="Noor", last_name="Haddou"
    )

    manager_context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = manager_context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, manager)
    page.get_by_role("link", name="Organisatie", exact=True).click()
    page.get_by_role("link", name="Naar het overzicht certificering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht certificering")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Importeren", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_label("Bestand (.xlsx of .csv)").set_input_files(
        files=[{"name": "personeel.csv", "mimeType": "text/csv", "buffer": STAFF_CSV}]
    )
    press_button_by_keyboard(page, "Controleren")
    # the upload request only stores the file; the import's own page shows the
    # check's preview (here the task ran at once; in production it refreshes)
    expect(page).to_have_url(re.compile(r"/importeren/\d+/$"))
    job_page = page.url
    expect(page.get_by_text("3 personen krijgen een uitnodiging")).to_be_visible()
    assert_no_axe_violations(page)
    assert not Invitation.objects.exists()
    press_button_by_keyboard(page, "Importeren en uitnodigingen versturen")
    expect(page).to_have_url(job_page)
    expect(page.get_by_text("Klaar: 3 uitnodigingen worden verstuurd.")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Naar de uitnodigingen").click()
    expect(
        page.get_by_role("rowheader", name=re.compile("Noor Haddou"))
    ).to_be_visible()
    assert_no_axe_violations(page)
    assert len(mail.outbox) == 3

    page.get_by_role("link", name="Overzicht", exact=True).click()
    expect(page.get_by_text("noor@praktijk.example")).to_have_count(0)

    message = next(m for m in mail.outbox if m.to == ["noor@praktijk.example"])
    link = re.search(r"https?://\S+/organisatie/uitnodiging/\S+/", message.body)[0]
    learner_context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    learner_page = learner_context.new_page()
    learner_page.set_default_timeout(20_000)
    log_in(learner_page, learner)
    learner_page.goto(urlparse(link).path)
    assert_no_axe_violations(learner_page)
    press_button_by_keyboard(learner_page, "Lid worden van Huisartsenpraktijk De Linde")
    expect(
        learner_page.get_by_text("Welkom bij Huisartsenpraktijk De Linde.")
    ).to_be_visible()
    assert_no_axe_violations(learner_page)
    learner_page.goto(urlparse(link).path)  # used: a friendly page, no error
    expect(learner_page.get_by_text("al gebruikt")).to_be_visible()
    assert_no_axe_violations(learner_page)
    learner_page.goto(f"/organisatie/{organisation.pk}/toestemming/")
    assert_no_axe_violations(learner_page)
    learner_page.goto("/mijn-leeromgeving/")
    expect(learner_page.get_by_text("Verplicht door je organisatie")).to_be_visible()
    assert_no_axe_violations(learner_page)

    page.reload()
    row = page.get_by_role("row").filter(has_text="noor@praktijk.example")
    expect(row.get_by_text("niet begonnen")).to_be_visible()

    learner_page.goto(tree.lessons[0].url)
    for _lesson in tree.lessons:
        press_button_by_keyboard(learner_page, "Les afronden")
    learner_context.close()

    page.reload()
    row = page.get_by_role("row").filter(has_text="noor@praktijk.example")
    expect(row.get_by_text("geldig", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Status").select_option("geldig")
    press_button_by_keyboard(page, "Filter toepassen")
    expect(page.get_by_role("link", name="Noor Haddou")).to_be_visible()
    expect(page.get_by_role("link", name="Petra Jansen")).to_have_count(0)
    page.get_by_role("link", name="Noor Haddou").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Haddou")
    required = page.get_by_role("region", name="Verplichte training")
    expect(required.get_by_text("geldig", exact=True)).to_be_visible()
    certificates = page.get_by_role("region", name="Certificaten")
    expect(certificates.get_by_text("Signaleren van 3-MMC-gebruik")).to_be_visible()
    assert_no_axe_violations(page)
    for name in ("Uitnodigen", "Verplichte training", "Teams"):
        with page.expect_navigation():
            page.get_by_role("link", name=name, exact=True).click()
        assert_no_axe_violations(page)
    manager_context.close()
