"""A person's data download, organisations part: memberships, consents,
invitations, reminders and audit log entries about them, with names instead of
ids, no invitation tokens, nobody else's data and a fixed number of queries."""

import datetime
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organisations.models import Invitation
from organisations.personal_data import personal_data
from organisations.services.consent import consent_decide, consent_revoke
from organisations.services.invitations import (
    invitation_accept,
    invitation_create_email,
    invitation_create_link,
)
from organisations.services.memberships import (
    membership_end,
    membership_join,
    membership_role_change,
)
from organisations.services.reminders import reminders_send
from tests.factories.organisations import (
    OrganisationFactory,
    TeamFactory,
    requirement_create,
)
from tests.factories.users import UserFactory
from training.personal_data import iso, personal_data_collect

pytestmark = pytest.mark.django_db

GIVEN = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
REVOKED = datetime.datetime(2025, 4, 4, 15, 30, tzinfo=datetime.UTC)


@pytest.fixture
def person(db):
    return UserFactory(email="noor@example.org", first_name="Noor", last_name="Bakker")


@pytest.fixture
def other(db):
    return UserFactory(
        email="sanne@example.org", first_name="Sanne", last_name="Visser"
    )


@pytest.fixture
def invitation(organisation, manager, person, django_capture_on_commit_callbacks):
    """Noor invited by email into the Wijkteam (and the email sent), then accepted."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create_email(
            organisation=organisation,
            email="Noor@Example.org",
            actor=manager,
            first_name="Noor",
            last_name="Bakker",
            team=TeamFactory(organisation=organisation, name="Wijkteam"),
        )
    invitation_accept(token=invitation.token, user=person)
    invitation.refresh_from_db()
    return invitation


@pytest.fixture
def others_records(organisation, manager, other):
    """Sanne in the same organisation: joined through a link, consented."""
    link = invitation_create_link(organisation=organisation, actor=manager)
    invitation_accept(token=link.token, user=other)
    consent_decide(user=other, organisation=organisation, granted=True)
    link.refresh_from_db()
    return link


def test_membership_shows_organisation_team_role_and_dates_when_joined_by_invitation(
    person, organisation, manager, invitation
):
    membership = person.memberships.get()
    membership_role_change(membership=membership, role="manager", actor=manager)

    memberships = personal_data(user=person)["lidmaatschappen"]

    assert memberships == [
        {
            "organisatie": "Huisartsenpraktijk De Linde",
            "team": "Wijkteam",
            "rol": "Leidinggevende",
            "lid_sinds": timezone.localdate().isoformat(),
            "lid_tot": None,
            "lid_geworden_via": "uitnodiging per e-mail",
        }
    ]


def test_membership_shows_end_date_and_no_invitation_when_added_and_ended(
    person, organisation, manager
):
    start = timezone.localdate() - datetime.timedelta(days=30)
    membership = membership_join(
        user=person, organisation=organisation, actor=manager, today=start
    )
    membership_end(membership=membership, actor=manager)

    (row,) = personal_data(user=person)["lidmaatschappen"]

    assert row["lid_sinds"] == start.isoformat()
    assert (
        row["lid_tot"]
        == (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    assert row["team"] is None
    assert row["lid_geworden_via"] == "niet vastgelegd"


def test_consent_shows_given_and_withdrawn_moments_when_revoked(
    person, organisation, other_organisation
):
    with time_machine.travel(GIVEN, tick=False):
        consent_decide(user=person, organisation=organisation, granted=True)
        consent_decide(user=person, organisation=other_organisation, granted=True)
    with time_machine.travel(REVOKED, tick=False):
        consent_revoke(user=person, organisation=organisation)

    consents = personal_data(user=person)["toestemmingen"]

    by_organisation = {row["organisatie"]: row for row in consents}
    assert by_organisation["Politie-eenheid Oost"] == {
        "organisatie": "Politie-eenheid Oost",
        "toestemming": True,
        "besloten_op": iso(GIVEN),
        "gegeven_op": iso(GIVEN),
        "ingetrokken_op": None,
    }
    assert by_organisation["Huisartsenpraktijk De Linde"] == {
        "organisatie": "Huisartsenpraktijk De Linde",
        "toestemming": False,
        "besloten_op": iso(REVOKED),
        "gegeven_op": None,
        "ingetrokken_op": iso(REVOKED),
    }


def test_invitation_shows_organisation_sent_and_accepted_when_addressed_to_person(
    person, invitation
):
    assert invitation.sent_at is not None

    (row,) = personal_data(user=person)["uitnodigingen"]

    assert row["organisatie"] == "Huisartsenpraktijk De Linde"
    assert row["soort"] == "Per e-mail"
    assert row["e_mailadres"] == "noor@example.org"
    assert row["team"] == "Wijkteam"
    assert row["verstuurd_op"] == iso(invitation.sent_at)
    assert row["geaccepteerd_op"] == iso(invitation.accepted_at)
    assert row["ingetrokken_op"] is None


def test_invitation_is_listed_when_sent_but_not_yet_accepted(person, organisation):
    manager = UserFactory()
    invitation_create_email(
        organisation=organisation, email="noor@example.org", actor=manager
    )

    (row,) = personal_data(user=person)["uitnodigingen"]

    assert row["organisatie"] == "Huisartsenpraktijk De Linde"
    assert row["geaccepteerd_op"] is None
    assert row["verstuurd_op"] is None


def test_no_invitation_token_appears_when_invitations_are_listed(
    person, invitation, others_records
):
    tokens = list(Invitation.objects.values_list("token", flat=True))
    assert len(tokens) == 2

    dumped = json.dumps(personal_data(user=person))

    for token in tokens:
        assert token not in dumped


def test_reminders_list_organisation_and_courses_when_a_manager_reminded(
    person, organisation, manager, course_tree
):
    requirement_create(organisation, course_tree.course, due_within_days=15)
    membership_join(
        user=person,
        organisation=organisation,
        today=timezone.localdate() - datetime.timedelta(days=20),
    )
    outcome = reminders_send(organisation=organisation, actor=manager)
    assert outcome.sent == [person.full_name]

    reminders = personal_data(user=person)["herinneringen"]

    assert len(reminders) == 1
    assert reminders[0]["organisatie"] == "Huisartsenpraktijk De Linde"
    assert reminders[0]["cursussen"] == [course_tree.course.title]
    assert reminders[0]["verstuurd_op"] is not None


def test_audit_log_shows_events_without_the_managers_name_when_manager_acted(
    person, organisation, manager, invitation
):
    membership_role_change(
        membership=person.memberships.get(), role="manager", actor=manager
    )

    log = personal_data(user=person)["logboek"]

    assert [(row["gebeurtenis"], row["door"]) for row in log] == [
        ("Lid toegevoegd", "de organisatie"),
        ("Rol gewijzigd", "de organisatie"),
    ]
    assert log[1]["voorheen"] == "Deelnemer"
    assert log[1]["daarna"] == "Leidinggevende"
    assert all(row["organisatie"] == "Huisartsenpraktijk De Linde" for row in log)
    dumped = json.dumps(log)
    assert manager.first_name not in dumped
    assert manager.email not in dumped


def test_audit_log_shows_the_person_as_actor_when_they_gave_consent(
    person, organisation
):
    with time_machine.travel(GIVEN, tick=False):
        consent_decide(user=person, organisation=organisation, granted=True)

    (row,) = personal_data(user=person)["logboek"]

    assert row["gebeurtenis"] == "Toestemming gegeven"
    assert row["tijdstip"] == iso(GIVEN)
    assert row["door"] == "uzelf"


def test_other_members_records_are_left_out_when_they_share_the_organisation(
    person, other, invitation, others_records
):
    result = personal_data(user=person)

    assert len(result["lidmaatschappen"]) == 1
    assert len(result["uitnodigingen"]) == 1
    assert result["toestemmingen"] == []
    assert len(result["logboek"]) == 1
    dumped = json.dumps(result)
    for value in (other.email, other.first_name, other.last_name):
        assert value not in dumped


def test_sections_are_offered_when_every_app_is_collected(person, invitation):
    collected = personal_data_collect(user=person)

    for section in (
        "lidmaatschappen",
        "toestemmingen",
        "uitnodigingen",
        "herinneringen",
        "logboek",
    ):
        assert collected[section] == personal_data(user=person)[section]


def _grow(person, manager, count):
    """`count` more organisations, each with a team, an accepted invitation and
    a consent for `person`."""
    for _ in range(count):
        organisation = OrganisationFactory()
        invitation = invitation_create_email(
            organisation=organisation,
            email=person.email,
            actor=manager,
            team=TeamFactory(
                organisation=organisation, parent=TeamFactory(organisation=organisation)
            ),
        )
        invitation_accept(token=invitation.token, user=person)
        consent_decide(user=person, organisation=organisation, granted=True)


def test_query_count_stays_the_same_when_the_person_has_more_memberships(
    person, django_assert_num_queries
):
    manager = UserFactory()
    _grow(person, manager, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(personal_data(user=person)["lidmaatschappen"]) == 1
    _grow(person, manager, 4)

    with django_assert_num_queries(len(one.captured_queries)):
        result = personal_data(user=person)

    assert len(result["lidmaatschappen"]) == 5
    assert len(result["uitnodigingen"]) == 5
    assert len(result["toestemmingen"]) == 5
