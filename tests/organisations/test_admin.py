"""Platform administrators manage organisations in the Wagtail admin; role
changes made there are audited like those in the managers' area."""

import pytest
from django.urls import reverse

from organisations.models import AuditAction, AuditLog, Membership
from tests.factories.organisations import MembershipFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_lists_organisations_and_memberships_when_signed_in(
    admin_client, organisation, manager
):
    for name in ("organisation", "membership", "team", "organisationvalidityrule"):
        url = reverse(f"wagtailsnippets_organisations_{name}:list")
        assert admin_client.get(url).status_code == 200
    html = admin_client.get(
        reverse("wagtailsnippets_organisations_organisation:list")
    ).content.decode()
    assert organisation.name in html


def test_role_change_in_the_admin_is_audited_when_saved(admin_client, organisation):
    member = MembershipFactory(organisation=organisation)
    url = reverse("wagtailsnippets_organisations_membership:edit", args=[member.pk])
    response = admin_client.post(
        url,
        {
            "user": member.user_id,
            "organisation": organisation.pk,
            "team": "",
            "role": "manager",
            "start_date": member.start_date.isoformat(),
            "end_date": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.get(pk=member.pk).role == "manager"
    log = AuditLog.objects.get(action=AuditAction.ROLE_CHANGED)
    assert (log.subject, log.detail["before"], log.detail["after"]) == (
        member.user,
        "learner",
        "manager",
    )
