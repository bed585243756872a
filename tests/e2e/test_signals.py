"""A signal about course 1 reaches a certificate holder: one email, and at the
top of "Mijn leeromgeving"; they read it and confirm "gelezen en begrepen".
Their manager sees it as read, a colleague's as not read, and a signal past its
deadline as overdue. axe-core finds no violations on these pages."""

import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from signalling.models import Signal, SignalAcknowledgement
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create, substance_card_create
from tests.factories.organisations import (
    MembershipFactory,
    OrganisationFactory,
    manager_create,
    requirement_create,
)
from tests.factories.signalling import signal_create
from tests.factories.users import UserFactory

SLOW_MACHINE_MS = 30_000


def test_holder_reads_a_signal_and_the_manager_sees_read_open_and_overdue(
    browser, live_server, site
):
    tree = course_tree_create(site, title="3-MMC en NPS", slug="3-mmc-en-nps")
    card = substance_card_create(opium_act_list="I", legal_reference="Stb. 2024, 90")
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    requirement_create(organisation, tree.course, due_within_days=30)
    manager = manager_create(organisation, first_name="Petra", last_name="Jansen")
    holder, colleague = (
        MembershipFactory(
            organisation=organisation,
            user=UserFactory(first_name=first, last_name=last),
        ).user
        for first, last in (("Noor", "Haddou"), ("Pim", "de Groot"))
    )
    for person in (holder, colleague):
        CertificateFactory(user=person, course=tree.course)
    signal = signal_create(
        courses=[tree.course],
        title="Correctie: 3-MMC staat op lijst I",
        text="<p>3-MMC is van lijst II naar lijst I verplaatst (Stb. 2024, 90).</p>",
    )
    signal.body.append(("fact", {"card": card, "fact": "legal_status", "lead": ""}))
    signal.save_revision().publish()
    overdue = signal_create(courses=[tree.course], title="Gevaarlijke partij")
    Signal.objects.filter(pk=overdue.pk).update(
        acknowledge_by=timezone.localdate() - datetime.timedelta(days=1)
    )
    to_holder = [m for m in mail.outbox if m.to == [holder.email]]
    assert [m.subject for m in to_holder] == [
        "Signalering: Correctie: 3-MMC staat op lijst I",
        "Signalering: Gevaarlijke partij",
    ]

    learner = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = learner.new_page()
    page.set_default_timeout(SLOW_MACHINE_MS)
    log_in(page, holder)
    page.goto("/mijn-leeromgeving/")
    panel = page.get_by_role("region", name="Nieuw in je vak: lees en bevestig")
    expect(panel).to_contain_text("Correctie: 3-MMC staat op lijst I")
    expect(panel).to_contain_text("Te laat")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        panel.get_by_role(
            "link", name="Correctie: 3-MMC staat op lijst I", exact=True
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Correctie: 3-MMC staat op lijst I"
    )
    expect(page.locator(".bb-fact")).to_contain_text("Stb. 2024, 90")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Gelezen en begrepen").click()
    expect(
        page.get_by_text("Je hebt bevestigd dat je dit hebt gelezen en begrepen op")
    ).to_be_visible()
    assert_no_axe_violations(page)
    acknowledgement = SignalAcknowledgement.objects.get(user=holder)
    assert (
        acknowledgement.revision_id == Signal.objects.get(pk=signal.pk).live_revision_id
    )
    page.goto("/mijn-leeromgeving/")
    expect(page.get_by_text("Correctie: 3-MMC staat op lijst I")).to_have_count(0)
    learner.close()

    office = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = office.new_page()
    page.set_default_timeout(SLOW_MACHINE_MS)
    log_in(page, manager)
    page.goto(f"/organisatie/{organisation.pk}/dashboard/")
    totals = page.get_by_role("region", name="Signaleringen")
    expect(totals).to_contain_text("Correctie: 3-MMC staat op lijst I")
    holder_row = page.get_by_role("row", name="Noor Haddou")
    expect(holder_row).to_contain_text("gelezen")
    expect(holder_row).to_contain_text("te laat")
    colleague_row = page.get_by_role("row", name="Pim de Groot")
    expect(colleague_row).to_contain_text("nog niet gelezen")
    assert_no_axe_violations(page)
    office.close()
