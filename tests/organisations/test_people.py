"""A manager's page about one person: its history reads as words, never as codes."""

import datetime

import pytest
from django.urls import reverse

from organisations.models import MembershipRole
from organisations.services.memberships import (
    membership_end,
    membership_join,
    membership_role_change,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "joined", "promoted"),
    [
        ("nl", "(Deelnemer)", "(Deelnemer → Leidinggevende)"),
        ("en", "(Participant)", "(Participant → Manager)"),
    ],
)
def test_person_page_names_roles_when_the_history_lists_role_changes(
    manager_client, organisation, manager, language, joined, promoted
):
    membership = membership_join(user=UserFactory(), organisation=organisation)
    membership_role_change(
        membership=membership, role=MembershipRole.MANAGER, actor=manager
    )
    manager_client.cookies["django_language"] = language
    url = reverse("organisations:person", args=[organisation.pk, membership.pk])
    html = manager_client.get(url).content.decode()
    assert joined in html
    assert promoted in html
    assert "(learner" not in html
    assert "learner →" not in html


def test_person_page_shows_the_end_date_as_a_date_when_a_membership_ends(
    manager_client, organisation, manager
):
    membership = membership_join(user=UserFactory(), organisation=organisation)
    membership_end(
        membership=membership, actor=manager, end_date=datetime.date(2099, 3, 31)
    )
    url = reverse("organisations:person", args=[organisation.pk, membership.pk])
    html = manager_client.get(url).content.decode()
    assert "(31 maart 2099)" in html
    assert "2099-03-31" not in html
