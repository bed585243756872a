"""Invitations by email and by link: sending as a task, accepting once, and a
friendly page with no membership for expired, reused, revoked or foreign ones."""

import datetime
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations.models import Invitation, Membership
from organisations.services.invitations import (
    InvitationRefused,
    invitation_accept,
    invitation_create_email,
    invitation_create_link,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import TeamFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def url(invitation):
    return reverse("organisations:invitation", args=[invitation.token])


@pytest.fixture
def invited(organisation, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create_email(
            organisation=organisation,
            email="Nieuw@Example.org",
            actor=manager,
            first_name="Noor",
            team=TeamFactory(organisation=organisation, name="Wijkteam"),
        )
    return invitation


def test_email_invitation_is_sent_by_a_task_when_created(invited):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert invited.token in message.body
    assert "Beste Noor" in message.body
    invited.refresh_from_db()
    assert invited.sent_at is not None


def test_second_invitation_for_the_same_address_reuses_the_open_one(
    organisation, manager, invited
):
    again = invitation_create_email(
        organisation=organisation, email="nieuw@example.org", actor=manager
    )
    assert again.pk == invited.pk


def test_accepting_makes_a_member_in_the_team_when_the_address_matches(
    client, organisation, invited
):
    person = UserFactory(email="nieuw@example.org")
    client.force_login(person)
    assert client.get(url(invited)).status_code == 200
    response = client.post(url(invited))
    assert response.status_code == 302
    membership = Membership.objects.get(user=person, organisation=organisation)
    assert membership.team.name == "Wijkteam"
    invited.refresh_from_db()
    assert invited.accepted_by == person


def test_used_invitation_shows_a_friendly_page_and_no_membership_when_reused(
    client, organisation, invited
):
    invitation_accept(token=invited.token, user=UserFactory(email="nieuw@example.org"))
    other = UserFactory(email="ander@example.org")
    client.force_login(other)
    response = client.post(url(invited))
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_expired_invitation_shows_a_friendly_page_when_opened_late(
    client, organisation, invited
):
    person = UserFactory(email="nieuw@example.org")
    client.force_login(person)
    with time_machine.travel(invited.expires_at + datetime.timedelta(seconds=1)):
        response = client.post(url(invited))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_invitation_for_another_address_is_refused_when_accepted(
    client, organisation, invited
):
    intruder = UserFactory(email="iemand@example.org")
    client.force_login(intruder)
    response = client.post(url(invited))
    assert response.status_code == 410
    assert "ander e-mailadres" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()


def test_unknown_token_shows_a_friendly_404_when_guessed(client, user):
    client.force_login(user)
    response = client.get(reverse("organisations:invitation", args=["x" * 43]))
    assert response.status_code == 404
    assert "kennen deze uitnodiging niet" in response.content.decode()


@pytest.mark.parametrize("token", ["a" * 30 + "\x00" + "b" * 12, "x" * 42 + "%"])
def test_odd_token_shows_the_friendly_404_when_opened_or_posted(client, user, token):
    client.force_login(user)
    address = reverse("organisations:invitation", args=["x" * 43]).replace(
        "x" * 43, quote(token)
    )
    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
    assert not Membership.objects.filter(user=user).exists()


def test_revoked_invitation_is_refused_when_accepted(
    manager_client, organisation, invited
):
    manager_client.post(
        reverse("organisations:invitation_revoke", args=[organisation.pk, invited.pk])
    )
    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(
            token=invited.token, user=UserFactory(email="nieuw@example.org")
        )
    assert refused.value.reason == "revoked"


def test_anonymous_visitor_is_asked_to_sign_in_when_opening(client, invited):
    response = client.get(url(invited))
    assert response.status_code == 200
    assert reverse("account_login") in response.content.decode()
    assert client.post(url(invited)).status_code == 302
    assert Membership.objects.count() == 1  # the manager only


def test_domain_link_admits_only_that_domain_when_reused(organisation, manager):
    link = invitation_create_link(
        organisation=organisation,
        actor=manager,
        allowed_domain="@Politie.nl",
        single_use=False,
    )
    assert link.allowed_domain == "politie.nl"
    invitation_accept(token=link.token, user=UserFactory(email="a@politie.nl"))
    invitation_accept(token=link.token, user=UserFactory(email="b@politie.nl"))
    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(token=link.token, user=UserFactory(email="c@gmail.com"))
    assert refused.value.reason == "domain"
    link.refresh_from_db()
    assert link.uses == 2
    assert Membership.objects.filter(organisation=organisation).count() == 3


def test_domain_link_needs_a_verified_address_when_accepted(organisation, manager):
    link = invitation_create_link(
        organisation=organisation,
        actor=manager,
        allowed_domain="politie.nl",
        single_use=False,
    )
    unverified = UserFactory(email="d@politie.nl", verified_email=False)
    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(token=link.token, user=unverified)
    assert refused.value.reason == "unverified"


def test_single_use_link_admits_one_person_when_shared(organisation, manager):
    link = invitation_create_link(organisation=organisation, actor=manager)
    invitation_accept(token=link.token, user=UserFactory())
    with pytest.raises(InvitationRefused):
        invitation_accept(token=link.token, user=UserFactory())


def test_reusable_link_without_domain_is_refused_when_created(organisation, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="domein"):
        invitation_create_link(
            organisation=organisation, actor=manager, single_use=False
        )
    with pytest.raises(ValidationError, match="geen geldig"):
        invitation_create_link(
            organisation=organisation, actor=manager, allowed_domain="nope nope"
        )


def test_manager_invites_by_form_when_posting(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("organisations:invite", args=[organisation.pk]),
            {
                "email-email": "collega@example.org",
                "email-days": "14",
                "email-role": "learner",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="collega@example.org")
    assert invitation.expires_at.date() >= timezone.localdate() + datetime.timedelta(
        days=13
    )
    assert len(mail.outbox) == 1


def test_manager_form_shows_errors_when_the_email_is_bad(manager_client, organisation):
    response = manager_client.post(
        reverse("organisations:invite", args=[organisation.pk]),
        {"email-email": "geen-adres", "email-days": "14"},
    )
    assert response.status_code == 200
    assert "bb-errorsummary" in response.content.decode()
    assert not Invitation.objects.exists()


def test_manager_makes_a_link_and_sees_it_when_listed(manager_client, organisation):
    response = manager_client.post(
        reverse("organisations:invite", args=[organisation.pk]),
        {
            "link-single_use": "no",
            "link-allowed_domain": "praktijk.nl",
            "link-days": "7",
        },
        follow=True,
    )
    link = Invitation.objects.get(kind="link")
    assert link.token in response.content.decode()


def test_joining_with_earlier_certificates_asks_for_consent_when_accepted(
    client, organisation, invited, course_tree
):
    person = UserFactory(email="nieuw@example.org")
    CertificateFactory(user=person, course=course_tree.course)
    client.force_login(person)
    response = client.post(url(invited))
    assert response["Location"] == reverse(
        "organisations:consent", args=[organisation.pk]
    )


def test_organisation_name_reads_plainly_in_the_subject_when_invited(
    organisation, manager, django_capture_on_commit_callbacks
):
    organisation.name = "Praktijk 't Hof & Partners"
    organisation.save(update_fields=["name"])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create_email(
            organisation=organisation, email="nieuw@example.org", actor=manager
        )
    assert "Praktijk 't Hof & Partners" in mail.outbox[0].subject
