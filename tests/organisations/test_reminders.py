"""Managers remind people: selected or all overdue, by email, at most once a day
per person, logged. Certificate expiry reminders also reach the managers."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certificates.services.reminders import expiry_reminders_send
from organisations.models import CertificateConsent, ReminderLog
from organisations.services.reminders import reminders_send
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.users import UserFactory
from training.outbox import outbox_drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(organisation, course_tree):
    requirement_create(organisation, course_tree.course, due_within_days=15)
    return MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="laat@example.org"),
        start_date=timezone.localdate() - datetime.timedelta(days=20),
    )


@pytest.fixture
def on_time(organisation):
    return MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="optijd@example.org"),
        start_date=timezone.localdate(),
    )


def test_all_overdue_are_reminded_once_a_day_when_asked_twice(
    organisation, manager, late, on_time, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(organisation=organisation, actor=manager)
    assert len(first.sent) == 1
    assert [m.to for m in mail.outbox] == [["laat@example.org"]]
    assert "Testcursus" in mail.outbox[0].body
    assert "te laat" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(organisation=organisation, actor=manager)
    assert second.sent == []
    assert len(second.already_today) == 1
    assert len(mail.outbox) == 1
    log = ReminderLog.objects.get()
    assert (log.user, log.sent_by) == (late.user, manager)


def test_reminder_can_be_sent_again_when_a_day_has_passed(
    organisation, manager, late, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(organisation=organisation, actor=manager)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            outcome = reminders_send(
                organisation=organisation,
                actor=manager,
                today=timezone.localdate(),
            )
    assert len(outcome.sent) == 1
    assert ReminderLog.objects.count() == 2


def test_selected_person_is_reminded_about_open_training_when_not_late(
    organisation, manager, late, on_time, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reminders_send(
            organisation=organisation,
            actor=manager,
            membership_ids=[on_time.pk],
        )
    assert len(outcome.sent) == 1
    assert mail.outbox[0].to == ["optijd@example.org"]
    assert "niet begonnen" in mail.outbox[0].body


def test_person_with_nothing_due_gets_no_reminder_when_selected(
    organisation, manager, course_tree, django_capture_on_commit_callbacks
):
    requirement_create(organisation, course_tree.course)
    done = MembershipFactory(organisation=organisation)
    CertificateFactory(user=done.user, course=course_tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reminders_send(
            organisation=organisation, actor=manager, membership_ids=[done.pk]
        )
    assert outcome.nothing_due == [done.user.full_name]
    assert not mail.outbox


def test_reminding_ignores_another_organisations_people_when_their_ids_are_posted(
    organisation, other_organisation, manager, course_tree, manager_client
):
    requirement_create(other_organisation, course_tree.course, due_within_days=1)
    foreign = MembershipFactory(
        organisation=other_organisation,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    manager_client.post(
        reverse("organisations:remind", args=[organisation.pk]),
        {"leden": [str(foreign.pk)], "wie": "geselecteerd"},
    )
    assert not ReminderLog.objects.exists()


def test_remind_page_reports_what_happened_when_posted(
    manager_client, organisation, late, django_capture_on_commit_callbacks
):
    url = reverse("organisations:remind", args=[organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"wie": "te-laat"}, follow=True)
    html = response.content.decode()
    assert "Herinnering verstuurd aan 1 persoon:" in html
    assert "1 personen" not in html
    response = manager_client.post(url, {"wie": "geselecteerd"}, follow=True)
    assert "Selecteer eerst" in response.content.decode()
    assert manager_client.get(url).status_code == 405


def test_expiry_reminder_reaches_the_manager_when_course_is_required(
    organisation, manager, course_tree, django_capture_on_commit_callbacks
):
    requirement_create(organisation, course_tree.course)
    member = MembershipFactory(organisation=organisation)
    today = timezone.localdate()
    CertificateFactory(
        user=member.user,
        course=course_tree.course,
        issued_on=member.start_date,
        valid_until=today + datetime.timedelta(days=7),
    )
    expiry_reminders_send(today=today)
    outbox_drain()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([member.user.email, manager.email])


def test_expiry_reminder_skips_the_manager_when_the_certificate_is_hidden(
    organisation, manager, course_tree
):
    requirement_create(organisation, course_tree.course)
    member = MembershipFactory(organisation=organisation)
    today = timezone.localdate()
    CertificateFactory(
        user=member.user,
        course=course_tree.course,
        issued_on=member.start_date - datetime.timedelta(days=400),
        valid_until=today + datetime.timedelta(days=7),
    )
    expiry_reminders_send(today=today)
    outbox_drain()
    assert [m.to[0] for m in mail.outbox] == [member.user.email]
    CertificateConsent.objects.create(
        user=member.user,
        organisation=organisation,
        granted=True,
        decided_at=timezone.now(),
    )
    from organisations.selectors.learner import managers_for_certificate

    certificate = member.user.certificates.get()
    assert managers_for_certificate(certificate=certificate, today=today) == [manager]
