"""The email outbox: queued with the change that causes it, sent once, each
message failing on its own with back-off, visible and requeueable in the admin.
Sending goes through a real SMTP server (`tests/smtp.py`)."""

import datetime
import threading

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories.users import UserFactory
from tests.smtp import free_port
from training.models import EmailStatus, OutboundEmail
from training.outbox import email_queue, outbox_drain, retry_delay

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


def _queue(to: str, n: int = 1) -> OutboundEmail:
    return email_queue(
        to=to,
        subject=f"Onderwerp {n}",
        body_text="Tekst met een link",
        kind="test",
        dedup_key=f"test:{to}:{n}",
    )


def test_queued_email_is_sent_once_after_commit_when_queued_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _queue("a@example.org")
            _queue("a@example.org")
    (message,) = mail.outbox
    assert message.to == ["a@example.org"]
    assert message.subject == "Onderwerp 1"
    email = OutboundEmail.objects.get()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.body_text == ""  # no copy of sent mail is kept
    assert outbox_drain().sent == 0


def _queue_then_fail():
    with transaction.atomic():
        _queue("a@example.org")
        raise RuntimeError


def test_nothing_is_queued_when_the_change_rolls_back():
    with pytest.raises(RuntimeError):
        _queue_then_fail()
    assert not OutboundEmail.objects.exists()


def test_retry_delay_doubles_up_to_six_hours_when_tries_keep_failing():
    minutes = [retry_delay(n).total_seconds() / 60 for n in range(1, 6)]
    assert minutes == [1, 2, 4, 8, 16]
    assert retry_delay(30) == datetime.timedelta(hours=6)


def test_refused_address_is_retried_with_back_off_then_failed_when_always_refused(
    smtp_server, settings
):
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.refused.add("weg@example.org")
    with time_machine.travel(START, tick=False) as clock:
        _queue("weg@example.org")
        _queue("goed@example.org")
        first = outbox_drain()
        assert (first.sent, first.retrying, first.failed) == (1, 1, 0)
        refused = OutboundEmail.objects.get(to="weg@example.org")
        assert refused.status == EmailStatus.PENDING
        assert refused.attempts == 1
        assert refused.next_attempt_at == START + datetime.timedelta(minutes=1)
        assert "550" in refused.last_error
        assert outbox_drain().retrying == 0  # not due yet
        clock.shift(datetime.timedelta(minutes=1))
        assert outbox_drain().retrying == 1
        clock.shift(datetime.timedelta(minutes=2))
        assert outbox_drain().failed == 1
        clock.shift(datetime.timedelta(days=1))
        assert outbox_drain() == type(first)()
    refused.refresh_from_db()
    assert refused.status == EmailStatus.FAILED
    assert refused.attempts == 3
    assert smtp_server.count_to("goed@example.org") == 1
    assert smtp_server.count_to("weg@example.org") == 0


def test_drain_stops_and_gives_the_rest_back_when_the_mail_server_is_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    for n in range(3):
        _queue("a@example.org", n)
    result = outbox_drain()
    assert result.server_down
    assert (result.sent, result.retrying) == (0, 1)
    emails = OutboundEmail.objects.order_by("pk")
    assert [e.status for e in emails] == [EmailStatus.PENDING] * 3
    assert sorted(e.attempts for e in emails) == [0, 0, 1]


def test_two_drains_at_once_send_each_email_once_when_run_in_parallel(
    transactional_db, smtp_server
):
    now = timezone.now()
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=f"p{n}@example.org",
            subject=f"Bericht {n}",
            body_text="Tekst",
            kind="test",
            dedup_key=f"test:{n}",
            next_attempt_at=now,
        )
        for n in range(40)
    )
    results, errors = [], []
    start = threading.Barrier(2)

    def drain():
        try:
            start.wait()
            results.append(outbox_drain())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in results) == 40
    delivered = sorted(d.to[0] for d in smtp_server.delivered)
    assert delivered == sorted(f"p{n}@example.org" for n in range(40))
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


@pytest.fixture
def mail_admin(db):
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_outboundemail"),
        Permission.objects.get(codename="change_outboundemail"),
    )
    return user


@pytest.fixture
def failed_email(db):
    return OutboundEmail.objects.create(
        to="weg@example.org",
        subject="Uitnodiging van De Linde",
        body_text="Geheime uitnodigingslink",
        kind="invitation",
        dedup_key="invitation:1",
        status=EmailStatus.FAILED,
        attempts=8,
        next_attempt_at=timezone.now(),
        last_error="SMTPRecipientsRefused: 550 No such mailbox here",
    )


def test_outbox_listing_shows_failed_email_by_status_and_kind_when_administrator(
    client, mail_admin, failed_email
):
    _queue("goed@example.org")
    client.force_login(mail_admin)
    url = reverse("outbox:index")
    page = client.get(url, {"status": "failed", "kind": "invitation"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "weg@example.org" in html
    assert "550 No such mailbox here" in html
    assert "goed@example.org" not in html
    assert "Geheime uitnodigingslink" not in html  # bodies are never shown
    assert "goed@example.org" in client.get(url, {"status": "pending"}).content.decode()


def test_requeue_gives_a_failed_email_new_tries_when_confirmed(
    client, mail_admin, failed_email, django_capture_on_commit_callbacks
):
    client.force_login(mail_admin)
    url = reverse("outbox:requeue", args=[failed_email.pk])
    assert "weg@example.org" in client.get(url).content.decode()
    failed_email.refresh_from_db()
    assert failed_email.status == EmailStatus.FAILED  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert failed_email.status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["weg@example.org"]]


def test_requeue_all_failed_requeues_only_failed_when_confirmed(
    client, mail_admin, failed_email, django_capture_on_commit_callbacks
):
    waiting = _queue("later@example.org")
    client.force_login(mail_admin)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("outbox:requeue_failed"))
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert (failed_email.status, failed_email.attempts) == (EmailStatus.PENDING, 0)
    waiting.refresh_from_db()
    assert waiting.attempts == 0


def test_outbox_is_refused_when_the_admin_user_lacks_the_permission(
    client, failed_email
):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(reverse("outbox:index")).status_code in {302, 403}
    response = client.post(reverse("outbox:requeue", args=[failed_email.pk]))
    assert response.status_code in {302, 403}  # Wagtail redirects to its home
    failed_email.refresh_from_db()
    assert failed_email.status == EmailStatus.FAILED
