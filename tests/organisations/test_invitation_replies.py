"""What inviting and being invited say and do around the edges: a current member
is not invited again, a second invitation in other letter case is reported as the
open one (nothing is sent), the sign-up form is filled with the invited address,
an invited person can decline, and a member reopening a used invitation is told
they are a member."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from organisations.models import Invitation, Membership
from organisations.services.invitations import (
    invitation_accept,
    invitation_create_email,
)
from tests.factories.organisations import MembershipFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, organisation, email):
    return client.post(
        reverse("organisations:invite", args=[organisation.pk]),
        {"email-email": email, "email-days": "14", "email-role": "learner"},
        follow=True,
    )


def test_inviting_a_current_member_sends_nothing_and_says_so_when_posted(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    MembershipFactory(
        organisation=organisation, user=UserFactory(email="anna@example.org")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(manager_client, organisation, "Anna@Example.org")
    html = response.content.decode()
    assert "anna@example.org is al lid van" in html
    assert "Uitnodiging verstuurd" not in html
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_reinviting_in_other_letter_case_reports_the_open_invitation_when_posted(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite(manager_client, organisation, "noor@example.org")
        again = _invite(manager_client, organisation, "NOOR@example.org")
    assert "Uitnodiging verstuurd naar noor@example.org" in first.content.decode()
    html = again.content.decode()
    assert "staat al een uitnodiging open" in html
    assert "Uitnodiging verstuurd" not in html
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sign_up_form_is_filled_with_the_invited_address_when_followed(
    client, organisation, manager
):
    invitation = invitation_create_email(
        organisation=organisation, email="noor@example.org", actor=manager
    )
    page = client.get(reverse("organisations:invitation", args=[invitation.token]))
    signup = next(
        link.split('"')[0]
        for link in page.content.decode().split('href="')
        if link.startswith(reverse("account_signup") + "?next=")
    )
    assert "email=noor%40example.org" in signup
    form = client.get(signup.replace("&amp;", "&")).content.decode()
    assert 'value="noor@example.org"' in form


def test_invited_person_declines_and_the_invitation_closes_when_declined(
    organisation, manager
):
    client, manager_client = Client(), Client()
    manager_client.force_login(manager)
    invitation = invitation_create_email(
        organisation=organisation, email="noor@example.org", actor=manager
    )
    url = reverse("organisations:invitation", args=[invitation.token])
    assert "Nee, bedankt" in client.get(url).content.decode()
    response = client.post(
        reverse("organisations:invitation_decline", args=[invitation.token]),
        follow=True,
    )
    assert "Je hebt de uitnodiging van" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    person = UserFactory(email="noor@example.org")
    client.force_login(person)
    refused = client.post(url)
    assert refused.status_code == 410
    assert "afgewezen" in refused.content.decode()
    assert not Membership.objects.filter(user=person).exists()
    listing = manager_client.get(
        reverse("organisations:invite", args=[organisation.pk])
    ).content.decode()
    assert invitation.token not in listing
    again = invitation_create_email(
        organisation=organisation, email="noor@example.org", actor=manager
    )
    assert again.pk != invitation.pk


def test_member_reopening_a_used_invitation_is_told_they_are_a_member_when_opened(
    client, organisation, manager
):
    invitation = invitation_create_email(
        organisation=organisation, email="noor@example.org", actor=manager
    )
    person = UserFactory(email="noor@example.org")
    invitation_accept(token=invitation.token, user=person)
    client.force_login(person)
    response = client.get(reverse("organisations:invitation", args=[invitation.token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je bent al lid van" in html
    assert "niet aan een organisatie toegevoegd" not in html


def test_invitation_and_declining_read_in_english_when_the_interface_is_english(
    client, organisation, manager
):
    invitation = invitation_create_email(
        organisation=organisation, email="noor@example.org", actor=manager
    )
    client.cookies["django_language"] = "en"
    url = reverse("organisations:invitation", args=[invitation.token])
    assert "No, thank you" in client.get(url).content.decode()
    response = client.post(
        reverse("organisations:invitation_decline", args=[invitation.token])
    )
    assert "You declined the invitation from" in response.content.decode()
