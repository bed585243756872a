"""An organisation sees progress only from the membership period: not what a
person did before joining (unless they share earlier records) and not what they
do after the membership ended."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from courses.services import enrolment_create, lesson_complete
from organisations.compliance import CellStatus
from organisations.services.consent import consent_decide
from organisations.services.memberships import membership_end
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

BEFORE = "Begonnen vóór het lidmaatschap"
ENDED = "Het lidmaatschap is beëindigd"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def course(organisation, course_tree):
    requirement_create(organisation, course_tree.course, due_within_days=30)
    return course_tree


@pytest.fixture
def early_starter(organisation, course):
    """Did two lessons 20 days ago; joined 10 days ago."""
    person = UserFactory()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=20)):
        enrolment_create(user=person, course=course.course)
        for lesson in course.lessons[:2]:
            lesson_complete(user=person, lesson=lesson)
        Enrolment.objects.filter(user=person).update(last_activity_at=timezone.now())
    return MembershipFactory(
        organisation=organisation, user=person, start_date=_days(-10)
    )


def _person_page(client, organisation, membership) -> str:
    url = reverse("organisations:person", args=[organisation.pk, membership.pk])
    return client.get(url).content.decode()


def test_progress_from_before_joining_is_hidden_without_consent(
    manager_client, organisation, early_starter
):
    html = _person_page(manager_client, organisation, early_starter)
    assert BEFORE in html
    assert "onderdelen afgerond" not in html


def test_activity_from_before_joining_is_not_bezig_on_the_dashboard(
    organisation, early_starter
):
    from organisations.selectors.dashboard import Filters, dashboard_get

    result = dashboard_get(
        organisation=organisation,
        filters=Filters(),
        page_number=1,
        today=timezone.localdate(),
    )
    row = next(p for p in result.page.object_list if p.user_id == early_starter.user_id)
    assert row.cells[0].status == CellStatus.NIET_BEGONNEN


def test_progress_from_before_joining_shows_with_consent(
    manager_client, organisation, early_starter
):
    consent_decide(user=early_starter.user, organisation=organisation, granted=True)
    html = _person_page(manager_client, organisation, early_starter)
    assert BEFORE not in html
    assert "2 van 4 onderdelen afgerond" in html


def test_progress_made_after_joining_shows(manager_client, organisation, course):
    membership = MembershipFactory(organisation=organisation, start_date=_days(-3))
    enrolment_create(user=membership.user, course=course.course)
    lesson_complete(user=membership.user, lesson=course.lessons[0])
    html = _person_page(manager_client, organisation, membership)
    assert "1 van 4 onderdelen afgerond" in html


def test_progress_is_hidden_once_the_membership_has_ended(
    manager_client, organisation, manager, course
):
    membership = MembershipFactory(organisation=organisation, start_date=_days(-30))
    enrolment_create(user=membership.user, course=course.course)
    membership_end(membership=membership, actor=manager, end_date=_days(-1))
    lesson_complete(user=membership.user, lesson=course.lessons[0])
    html = _person_page(manager_client, organisation, membership)
    assert ENDED in html
    assert "onderdelen afgerond" not in html
