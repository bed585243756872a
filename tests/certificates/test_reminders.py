"""Expiry reminders with a frozen clock: 60, 30, 7 days before and on expiry, each
once per certificate, in the learner's language, managers through the hook."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail import hooks

from certificates.models import ReminderLog
from certificates.services.reminders import RECIPIENTS_HOOK, expiry_reminders_send
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory
from training.outbox import outbox_drain

pytestmark = pytest.mark.django_db

EXPIRY = datetime.date(2027, 6, 30)


def _remind(**kwargs):
    """A run of the reminders, then the outbox sends what it queued."""
    result = expiry_reminders_send(**kwargs)
    outbox_drain()
    return result


def _at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC),
        tick=False,
    )


@pytest.fixture
def certificate(course_tree):
    return CertificateFactory(
        course=course_tree.course,
        issued_at=datetime.datetime(2025, 6, 30, 10, tzinfo=datetime.UTC),
        valid_until=EXPIRY,
    )


def test_reminders_go_out_at_60_30_7_and_0_days_each_once_when_run_hourly(
    certificate,
):
    sent_on = {}
    day = EXPIRY - datetime.timedelta(days=75)
    while day <= EXPIRY + datetime.timedelta(days=5):
        with _at(day):
            for _hour in range(2):
                result = _remind()
                if result.sent:
                    sent_on[day] = result.sent
        day += datetime.timedelta(days=1)
    assert sorted(sent_on) == [
        EXPIRY - datetime.timedelta(days=60),
        EXPIRY - datetime.timedelta(days=30),
        EXPIRY - datetime.timedelta(days=7),
        EXPIRY,
    ]
    assert len(mail.outbox) == 4
    assert sorted(ReminderLog.objects.values_list("offset", flat=True)) == [
        0,
        7,
        30,
        60,
    ]
    assert "verloopt over 60 dagen" in mail.outbox[0].subject
    assert "verloopt vandaag" in mail.outbox[-1].subject
    assert all(m.to == [certificate.user.email] for m in mail.outbox)


def test_reminder_sends_only_the_latest_offset_when_runs_were_missed(certificate):
    with _at(EXPIRY - datetime.timedelta(days=5)):
        assert _remind().sent == 1
        assert _remind().sent == 0
    assert list(ReminderLog.objects.values_list("offset", flat=True)) == [7]


def test_reminder_is_in_english_when_the_learner_prefers_english(course_tree):
    user = UserFactory(preferred_language="en")
    CertificateFactory(user=user, course=course_tree.course, valid_until=EXPIRY)
    with _at(EXPIRY - datetime.timedelta(days=30)):
        _remind()
    (message,) = mail.outbox
    assert "expires in 30 days" in message.subject
    assert "Dear" in message.body
    assert "30 June 2027" in message.body


def test_no_reminder_when_revoked_or_replaced(certificate, course_tree):
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    with _at(EXPIRY - datetime.timedelta(days=7)):
        assert _remind().sent == 0
    assert mail.outbox == []


@override_settings(CERTIFICATE_REMINDER_DAYS=[14, 0])
def test_reminder_offsets_follow_the_setting_when_configured(certificate):
    with _at(EXPIRY - datetime.timedelta(days=30)):
        assert _remind().sent == 0
    with _at(EXPIRY - datetime.timedelta(days=14)):
        assert _remind().sent == 1


def test_managers_from_the_hook_get_their_own_reminder_when_registered(certificate):
    manager = SimpleNamespace(
        email="manager@example.org", first_name="Petra", preferred_language="nl"
    )

    def recipients(*, certificate):
        return [manager]

    with hooks.register_temporarily(RECIPIENTS_HOOK, recipients):
        with _at(EXPIRY - datetime.timedelta(days=30)):
            _remind()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [certificate.user.email, "manager@example.org"]
    )
    to_manager = next(m for m in mail.outbox if m.to == ["manager@example.org"])
    assert certificate.holder_name in to_manager.subject
    log = ReminderLog.objects.get()
    assert log.recipients.splitlines() == [
        certificate.user.email,
        "manager@example.org",
    ]


def test_send_expiry_reminders_command_is_idempotent_when_run_twice(certificate):
    with _at(EXPIRY - datetime.timedelta(days=7)):
        for _run in range(2):
            call_command("send_expiry_reminders")
            call_command("send_queued_email")
    assert len(mail.outbox) == 1


def test_names_with_apostrophes_read_plainly_in_subject_and_body_when_mailed(
    course_tree,
):
    certificate = CertificateFactory(
        course=course_tree.course,
        holder_name="Hailey van 't Wel",
        course_title="Chemsex & zorg",
        valid_until=EXPIRY,
    )
    manager = SimpleNamespace(
        email="manager@example.org", first_name="Petra", preferred_language="nl"
    )
    with hooks.register_temporarily(RECIPIENTS_HOOK, lambda *, certificate: [manager]):
        with _at(EXPIRY - datetime.timedelta(days=30)):
            _remind()
    to_manager = next(m for m in mail.outbox if m.to == ["manager@example.org"])
    assert "Hailey van 't Wel (Chemsex & zorg)" in to_manager.subject
    assert "Hailey van 't Wel" in to_manager.body
    to_learner = next(m for m in mail.outbox if m.to == [certificate.user.email])
    assert "Chemsex & zorg" in to_learner.subject
