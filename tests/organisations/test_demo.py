"""The demo organisations: a GP practice and a police team with a manager each,
members in every status, and nothing made twice."""

import pytest
from django.utils import timezone

from demo.accounts import demo_accounts_ensure
from demo.loaders.organisations import POLICE_MANAGER, organisations_load
from organisations.compliance import CellStatus
from organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    RequiredTraining,
)
from organisations.selectors.dashboard import Filters, dashboard_get
from tests.factories.courses import course_tree_create

pytestmark = pytest.mark.django_db


def test_demo_has_two_organisations_with_every_status_when_loaded_twice(home_page):
    course_tree_create(home_page, slug="3-mmc-en-nps", title="3-MMC en NPS")
    course_tree_create(home_page, slug="gespreksvaardigheden", title="Gesprekken")
    demo_accounts_ensure()
    organisations_load()
    counts = (
        Organisation.objects.count(),
        Membership.objects.count(),
        RequiredTraining.objects.count(),
    )
    organisations_load()
    assert counts == (
        Organisation.objects.count(),
        Membership.objects.count(),
        RequiredTraining.objects.count(),
    )
    assert counts[0] == 2
    for organisation, manager in (
        ("Huisartsenpraktijk De Linde", "manager@bijblijven.example"),
        ("Politie Oost-Nederland, team Zwolle", POLICE_MANAGER),
    ):
        organisation = Organisation.objects.get(name=organisation)
        assert (
            Membership.objects.get(organisation=organisation, user__email=manager).role
            == MembershipRole.ADMIN
        )
        board = dashboard_get(
            organisation=organisation,
            filters=Filters(),
            page_number=1,
            today=timezone.localdate(),
        )
        first_course = [p.cells[0].status for p in board.page.object_list]
        assert set(CellStatus) <= set(first_course), organisation
