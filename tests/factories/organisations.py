"""Organisations for tests: an organisation, members with a role, teams and
required training (due within 30 days of joining unless told otherwise)."""

import datetime

import factory
from django.utils import timezone

from organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    RequiredTraining,
    RequirementAudience,
    Team,
)
from tests.factories.users import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Huisartsenpraktijk {n}")
    kind = OrganisationKind.HUISARTSENPRAKTIJK
    region = "IJsselland"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.LEARNER
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=10)
    )


def manager_create(organisation, *, admin: bool = True, **user_fields):
    """A signed-up user who manages `organisation` (an administrator by default)."""
    role = MembershipRole.ADMIN if admin else MembershipRole.MANAGER
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(**user_fields)
    ).user


def requirement_create(
    organisation,
    course,
    *,
    audience=RequirementAudience.EVERYONE,
    team=None,
    profession="",
    due_date=None,
    due_within_days=None,
) -> RequiredTraining:
    if due_date is None and due_within_days is None:
        due_within_days = 30
    return RequiredTraining.objects.create(
        organisation=organisation,
        course=course,
        audience=audience,
        team=team,
        profession=profession,
        due_date=due_date,
        due_within_days=due_within_days,
    )
