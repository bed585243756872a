"""Issue 19 W2: one open email invitation per organisation and address, in any
letter case, enforced by the database; an expired one is replaced."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from organisations.models import Invitation
from organisations.services.invitations import invitation_create_email
from training.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_inviting_again_in_other_letter_case_returns_the_open_invitation(
    organisation, manager
):
    first = invitation_create_email(
        organisation=organisation, email="Anna@Example.org", actor=manager
    )
    again = invitation_create_email(
        organisation=organisation, email="anna@example.ORG", actor=manager
    )
    assert again.pk == first.pk
    assert Invitation.objects.count() == 1
    assert OutboundEmail.objects.filter(kind="invitation").count() == 1


def test_database_refuses_a_second_open_invitation_when_written_directly(
    organisation, other_organisation
):
    expires = timezone.now() + datetime.timedelta(days=3)
    Invitation.objects.create(
        organisation=organisation, kind="email", email="a@x.org", expires_at=expires
    )
    Invitation.objects.create(  # another organisation may invite the same person
        organisation=other_organisation,
        kind="email",
        email="a@x.org",
        expires_at=expires,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            organisation=organisation,
            kind="email",
            email="A@X.org",
            expires_at=expires,
        )


def test_expired_invitation_is_replaced_when_the_address_is_invited_again(
    organisation, manager
):
    old = invitation_create_email(
        organisation=organisation, email="b@example.org", actor=manager
    )
    Invitation.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    new = invitation_create_email(
        organisation=organisation, email="b@example.org", actor=manager
    )
    assert new.pk != old.pk
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.is_open(timezone.now())
