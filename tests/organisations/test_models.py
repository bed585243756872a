"""Model rules: nesting of teams, one membership per person and organisation,
dates, the shape of required training and invitations."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from organisations.models import Invitation, InvitationKind, Membership, Team
from organisations.models.invitations import invitation_token_new
from tests.factories.organisations import (
    MembershipFactory,
    TeamFactory,
    requirement_create,
)

pytestmark = pytest.mark.django_db


def test_team_may_sit_in_a_top_level_team_when_nested_once(organisation):
    parent = TeamFactory(organisation=organisation)
    child = Team(organisation=organisation, name="Sub", parent=parent)
    child.full_clean()


def test_team_refuses_a_parent_that_has_a_parent_when_nested_twice(organisation):
    top = TeamFactory(organisation=organisation)
    middle = TeamFactory(organisation=organisation, parent=top)
    bottom = Team(organisation=organisation, name="Te diep", parent=middle)
    with pytest.raises(ValidationError, match="één niveau"):
        bottom.full_clean()


def test_team_with_subteams_cannot_move_under_another_when_edited(organisation):
    top = TeamFactory(organisation=organisation)
    other = TeamFactory(organisation=organisation)
    TeamFactory(organisation=organisation, parent=top)
    top.parent = other
    with pytest.raises(ValidationError, match="subteams"):
        top.full_clean()


def test_team_refuses_a_parent_of_another_organisation_when_cleaned(
    organisation, other_organisation
):
    foreign = TeamFactory(organisation=other_organisation)
    team = Team(organisation=organisation, name="X", parent=foreign)
    with pytest.raises(ValidationError, match="andere organisatie"):
        team.full_clean()


def test_team_cannot_be_its_own_parent_when_saved(organisation):
    team = TeamFactory(organisation=organisation)
    team.parent_id = team.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        team.save()


def test_team_names_are_unique_per_organisation_when_saved(
    organisation, other_organisation
):
    TeamFactory(organisation=organisation, name="Zorg")
    TeamFactory(organisation=other_organisation, name="Zorg")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(organisation=organisation, name="Zorg")


def test_person_has_one_membership_per_organisation_but_may_have_several(
    organisation, other_organisation, user
):
    MembershipFactory(user=user, organisation=organisation)
    MembershipFactory(user=user, organisation=other_organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=user, organisation=organisation)
    assert Membership.objects.filter(user=user).count() == 2


def test_membership_end_before_start_is_refused_when_saved(organisation):
    membership = MembershipFactory(organisation=organisation)
    membership.end_date = membership.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="vóór"):
        membership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_membership_counts_through_its_end_date_when_active(organisation):
    today = timezone.localdate()
    membership = MembershipFactory(organisation=organisation, end_date=today)
    assert membership.is_active(today)
    assert not membership.is_active(today + datetime.timedelta(days=1))
    assert Membership.objects.active(today).filter(pk=membership.pk).exists()
    future = MembershipFactory(
        organisation=organisation, start_date=today + datetime.timedelta(days=1)
    )
    assert not Membership.objects.active(today).filter(pk=future.pk).exists()


def test_membership_team_must_be_of_the_same_organisation_when_cleaned(
    organisation, other_organisation
):
    membership = MembershipFactory(organisation=organisation)
    membership.team = TeamFactory(organisation=other_organisation)
    with pytest.raises(ValidationError, match="andere organisatie"):
        membership.full_clean()


def test_requirement_needs_exactly_one_due_rule_when_saved(organisation, course_tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        requirement_create(
            organisation,
            course_tree.course,
            due_date=datetime.date(2030, 1, 1),
            due_within_days=10,
        )


def test_requirement_audience_must_match_its_details_when_saved(
    organisation, course_tree
):
    with pytest.raises(IntegrityError), transaction.atomic():
        requirement_create(organisation, course_tree.course, audience="team")
    with pytest.raises(IntegrityError), transaction.atomic():
        requirement_create(organisation, course_tree.course, audience="profession")
    team = TeamFactory(organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        requirement_create(organisation, course_tree.course, team=team)


def test_invitation_token_has_at_least_128_bits_when_created():
    tokens = {invitation_token_new() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) >= 43 for token in tokens)  # 32 bytes in base64url


def test_email_invitation_needs_an_address_and_reuse_needs_a_domain(organisation):
    expires = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            organisation=organisation, kind=InvitationKind.EMAIL, expires_at=expires
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            organisation=organisation,
            kind=InvitationKind.LINK,
            single_use=False,
            expires_at=expires,
        )


def test_str_of_models_is_readable_when_shown(organisation, course_tree):
    team = TeamFactory(organisation=organisation, name="Zorg")
    child = TeamFactory(organisation=organisation, name="Wijk", parent=team)
    assert str(child) == "Zorg / Wijk"
    assert str(organisation) == organisation.name
    requirement = requirement_create(organisation, course_tree.course)
    assert "Iedereen" in str(requirement)
