"""The privacy log records what managers see of their staff: a person page
(viewed), the CSV and XLSX exports and the certificates ZIP (exported), one
entry per person in them, and nobody outside them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.users import UserFactory
from training.models import PrivacyAction, PrivacyLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organisation, course_tree, manager):
    requirement_create(organisation, course_tree.course)
    members = [
        MembershipFactory(organisation=organisation, user=UserFactory())
        for _ in range(2)
    ]
    CertificateFactory(
        user=members[0].user,
        course=course_tree.course,
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
    )
    return members


@pytest.fixture
def outsider(other_organisation):
    return MembershipFactory(organisation=other_organisation, user=UserFactory())


def _logged(action, source):
    return {
        (entry.actor_id, entry.subject_id, entry.context)
        for entry in PrivacyLogEntry.objects.filter(action=action, source=source)
    }


def test_person_page_is_logged_as_viewed_by_the_manager(
    manager_client, manager, organisation, staff
):
    member = staff[0]

    response = manager_client.get(
        reverse("organisations:person", args=[organisation.pk, member.pk])
    )

    assert response.status_code == 200
    assert _logged(PrivacyAction.VIEWED, "person_page") == {
        (manager.pk, member.user_id, organisation.name)
    }


def test_csv_export_logs_each_person_in_it_once(
    manager_client, manager, organisation, staff, outsider
):
    response = manager_client.get(
        reverse("organisations:export_csv", args=[organisation.pk])
    )
    b"".join(response.streaming_content)

    entries = PrivacyLogEntry.objects.filter(
        action=PrivacyAction.EXPORTED, source="compliance_export"
    )
    subjects = [entry.subject_id for entry in entries]
    assert {member.user_id for member in staff} <= set(subjects)
    assert len(subjects) == len(set(subjects))  # once each
    assert {(e.actor_id, e.context) for e in entries} == {
        (manager.pk, organisation.name)
    }
    assert outsider.user_id not in subjects


def test_xlsx_export_logs_the_people_in_it_for_the_manager_who_asked(
    manager_client, manager, organisation, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("organisations:export_xlsx", args=[organisation.pk])
        )

    subjects = {
        subject
        for actor, subject, _context in _logged(
            PrivacyAction.EXPORTED, "compliance_export"
        )
        if actor == manager.pk
    }
    assert {member.user_id for member in staff} <= subjects


def test_certificates_zip_logs_the_holders_in_it(
    manager_client, manager, organisation, staff
):
    response = manager_client.get(
        reverse("organisations:certificates_zip", args=[organisation.pk])
    )
    b"".join(response.streaming_content)

    assert _logged(PrivacyAction.EXPORTED, "certificates_zip") == {
        (manager.pk, staff[0].user_id, organisation.name)
    }
