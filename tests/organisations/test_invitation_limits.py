"""A manager's account cannot mail any address without end: emailed invitations
are limited per organisation and day, and a greeting holds only a name."""

import pytest
from django.core import mail
from django.urls import reverse

from organisations.greetings import greeting_name
from organisations.models import Invitation
from organisations.services.invitations import invitation_create_email

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "greeted"),
    [
        ("Noor", "Noor"),
        ("  Anne-Marie ", "Anne-Marie"),
        ("D'Angelo", "D'Angelo"),
        ("Ngọc Anh", "Ngọc Anh"),
        ("J.", "J."),
        ("Win geld op https://elders.example.net", ""),
        ("Noor, klik hier", ""),
        ("Agent 007", ""),
        ("x" * 41, ""),
        ("", ""),
    ],
)
def test_greeting_uses_the_first_name_only_when_it_can_be_one(typed, greeted):
    assert greeting_name(typed) == greeted


def test_invitation_greets_generically_when_the_name_is_a_message(
    organisation, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create_email(
            organisation=organisation,
            email="iemand@example.org",
            actor=manager,
            first_name="Gratis prijs op https://elders.example.net",
        )
    body = mail.outbox[0].body
    assert body.startswith("Beste collega,")
    assert "elders.example.net" not in body


def _invite(client, organisation, email):
    return client.post(
        reverse("organisations:invite", args=[organisation.pk]),
        {"email-email": email, "email-days": "14", "email-role": "learner"},
    )


def test_invitations_stop_with_a_message_at_the_daily_limit(
    manager_client, organisation, settings, django_capture_on_commit_callbacks
):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 2
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2):
            assert _invite(manager_client, organisation, f"p{number}@example.org")
        refused = _invite(manager_client, organisation, "p2@example.org")
    assert refused.status_code == 200
    assert "de grens is 2 per dag" in refused.content.decode()
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_reinviting_an_open_invitation_does_not_count_against_the_limit(
    organisation, manager, settings
):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 1
    first = invitation_create_email(
        organisation=organisation, email="een@example.org", actor=manager
    )
    again = invitation_create_email(
        organisation=organisation, email="EEN@example.org", actor=manager
    )
    assert again == first


def test_limit_message_is_english_when_the_interface_is(
    manager_client, organisation, settings
):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 0
    manager_client.cookies["django_language"] = "en"
    refused = _invite(manager_client, organisation, "p@example.org")
    assert "the limit is 0 a day" in refused.content.decode()
