"""A manager downloads the monthly report PDF from the trend page and asks for
it by email each month, then turns that off again; the page with its message
passes axe-core."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from organisations.models import Membership
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import (
    MembershipFactory,
    OrganisationFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory


def test_manager_downloads_the_report_and_opts_in_to_it_by_email(
    page, live_server, site
):
    tree = course_tree_create(site, title="Signaleren van 3-MMC-gebruik", slug="3mmc")
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    requirement_create(organisation, tree.course, due_within_days=30)
    manager = manager_create(organisation, first_name="Petra", last_name="Jansen")
    today = timezone.localdate()
    user = UserFactory(first_name="Sam", last_name="Visser")
    MembershipFactory(
        organisation=organisation,
        user=user,
        start_date=today - datetime.timedelta(days=300),
    )
    CertificateFactory(
        user=user,
        course=tree.course,
        issued_on=today - datetime.timedelta(days=200),
        valid_until=today + datetime.timedelta(days=100),
    )

    log_in(page, manager)
    page.goto(f"/organisatie/{organisation.pk}/trend/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Maandrapport downloaden (PDF)").click()
    download = info.value
    assert download.suggested_filename == (
        f"maandrapport-{organisation.pk}-{today:%Y-%m}.pdf"
    )
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    checkbox = page.get_by_label("Stuur mij het maandrapport elke maand per e-mail")
    expect(checkbox).not_to_be_checked()
    checkbox.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Instelling opslaan").click()
    expect(page.get_by_text("Je krijgt het maandrapport voortaan")).to_be_visible()
    expect(page.get_by_text(manager.email).first).to_be_visible()
    expect(checkbox).to_be_checked()
    assert (
        Membership.objects.get(
            user=manager, organisation=organisation
        ).monthly_report_since
        is not None
    )
    assert_no_axe_violations(page)

    checkbox.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Instelling opslaan").click()
    expect(
        page.get_by_text("Je krijgt het maandrapport niet meer per e-mail.")
    ).to_be_visible()
    expect(checkbox).not_to_be_checked()
    assert_no_axe_violations(page)
