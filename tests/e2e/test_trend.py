"""A manager opens the trend page from the dashboard: the charts are shown as
images with their names, the tables behind them open, the page passes axe-core
and does not scroll sideways at 320 px."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory


def test_manager_sees_the_trend_charts_and_their_tables(page, live_server, site):
    tree = course_tree_create(site, title="Signaleren van 3-MMC-gebruik", slug="3mmc")
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    team = TeamFactory(organisation=organisation, name="Artsen")
    requirement_create(organisation, tree.course, due_within_days=30)
    manager = manager_create(organisation, first_name="Petra", last_name="Jansen")
    today = timezone.localdate()
    for n in range(3):
        user = UserFactory()
        MembershipFactory(
            organisation=organisation,
            user=user,
            team=team,
            start_date=today - datetime.timedelta(days=300),
        )
        if n:
            CertificateFactory(
                user=user,
                course=tree.course,
                issued_on=today - datetime.timedelta(days=200),
                valid_until=today + datetime.timedelta(days=10 * n),
            )

    log_in(page, manager)
    page.goto(f"/organisatie/{organisation.pk}/dashboard/")
    with page.expect_navigation():
        page.get_by_role("link", name="Trend", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trend certificering")
    images = page.get_by_role("img")
    expect(images).to_have_count(3)
    expect(
        page.get_by_role(
            "img", name="Signaleren van 3-MMC-gebruik: aandeel met geldig certificaat"
        )
    ).to_be_visible()
    # 2 of 4 members (the manager too) hold a valid certificate today
    page.get_by_text("Cijfers per maand als tabel").click()
    expect(
        page.get_by_role("row", name="vandaag").get_by_role("cell").first
    ).to_have_text("50% (2/4)")
    page.get_by_text("Cijfers per week als tabel").click()
    expect(page.get_by_role("rowheader", name="Artsen")).to_be_visible()
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
