"""Two schedulers firing the same job at once (two machines with the same timers,
or a run that outlasts its interval) do every piece of work once: each reminder,
content-update notice, signal and monthly report reaches each person once, each
missing PDF is queued for rendering once, each lost task is handed back once.

Each job runs in two threads, each with its own database connection, released
together by a barrier, on PostgreSQL. The outbox's own drains at once are tested in
tests/training/test_outbox.py, PE-online senders at once in
tests/registers/test_sending.py, issue sweeps at once in
tests/certificates/test_issue_recovery.py.
"""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.models import ContentUpdateNotice, ReminderLog
from certificates.tasks import certificate_render_task
from organisations.models import DeliveryStatus, MonthlyReportDelivery
from signalling.models import SignalRecipient
from tests.certificates.test_content_updates import _publish_material_change
from tests.factories.certificates import CertificateFactory, issued_days_ago
from tests.factories.organisations import (
    OrganisationFactory,
    manager_create,
    requirement_create,
)
from tests.factories.signalling import signal_create
from training.background.services import WORKER_LOST, tasks_requeue_stale
from training.models import OutboundEmail
from training.outbox import outbox_drain

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two schedulers at once means several machines, so PostgreSQL; "
        "SQLite (one machine, one scheduler) lets a second writer wait at most 5 s "
        "and then fails it with 'database is locked' (CI runs this on PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 30


@pytest.fixture
def queue(settings):
    """The database queue: publishing and queueing only enqueue, so that the
    scheduled jobs do the work."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _twice_at_once(job) -> list:
    """Run `job()` in two threads at the same moment; returns both results."""
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=30)
            results.append(job())
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(results) == 2
    return results


def _command(name: str, *args):
    return lambda: call_command(name, *args, verbosity=0)


def _sent_once_to(emails: list[str], kind: str) -> None:
    """One outbox row per person, and after the drain one email each."""
    queued = list(OutboundEmail.objects.filter(kind=kind).values_list("to", flat=True))
    assert sorted(queued) == sorted(emails)
    outbox_drain()
    delivered = [message.to[0] for message in mail.outbox]
    assert sorted(delivered) == sorted(emails)


def test_each_expiry_reminder_goes_out_once_when_two_schedulers_run_at_once(
    queue, course_tree
):
    expiring = [
        CertificateFactory(
            course=course_tree.course,
            issued_at=issued_days_ago(700),
            valid_until=timezone.localdate() + datetime.timedelta(days=30),
        )
        for _ in range(PEOPLE)
    ]
    _twice_at_once(_command("send_expiry_reminders"))
    assert ReminderLog.objects.filter(offset=30).count() == PEOPLE
    _sent_once_to([c.user.email for c in expiring], kind="expiry_reminder")


def test_each_content_update_notice_goes_out_once_when_two_schedulers_run_at_once(
    queue, course_tree
):
    holders = [
        CertificateFactory(course=course_tree.course, issued_at=issued_days_ago(30))
        for _ in range(PEOPLE)
    ]
    _publish_material_change(course_tree.lessons[2])  # its task waits in the queue
    assert not ContentUpdateNotice.objects.exists()
    _twice_at_once(_command("notify_content_changes"))
    notices = ContentUpdateNotice.objects.values_list("certificate_id", flat=True)
    assert sorted(notices) == sorted(c.pk for c in holders)
    _sent_once_to([c.user.email for c in holders], kind="content_update")


def test_each_signal_reaches_each_person_once_when_two_schedulers_run_at_once(
    queue, course_tree
):
    holders = [CertificateFactory(course=course_tree.course) for _ in range(PEOPLE)]
    signal = signal_create(courses=[course_tree.course])  # its task waits
    assert not SignalRecipient.objects.exists()
    _twice_at_once(_command("deliver_signals"))
    reached = SignalRecipient.objects.filter(signal=signal)
    assert sorted(reached.values_list("user_id", flat=True)) == sorted(
        c.user_id for c in holders
    )
    _sent_once_to([c.user.email for c in holders], kind="signal")


def test_each_monthly_report_goes_out_once_when_two_schedulers_run_at_once(
    queue, course_tree
):
    from tests.organisations.test_monthly_reports import opt_in, run_day

    managers = []
    for _organisation in range(2):
        organisation = OrganisationFactory()
        requirement_create(organisation, course_tree.course, due_within_days=30)
        for _manager in range(5):
            manager = manager_create(organisation)
            opt_in(manager, organisation)
            managers.append(manager)
    day = run_day().isoformat()
    _twice_at_once(_command("send_monthly_reports", "--date", day))
    assert MonthlyReportDelivery.objects.filter(
        status=DeliveryStatus.SENT
    ).count() == len(managers)
    delivered = [message.to[0] for message in mail.outbox]
    assert sorted(delivered) == sorted(manager.email for manager in managers)


def test_each_missing_pdf_is_queued_once_when_two_schedulers_run_at_once(
    queue, course_tree
):
    missing = [
        CertificateFactory(course=course_tree.course, issued_at=issued_days_ago(1))
        for _ in range(PEOPLE)
    ]
    _twice_at_once(_command("render_missing_certificates"))
    queued = DBTaskResult.objects.filter(task_path=certificate_render_task.module_path)
    assert sorted(row.args_kwargs["kwargs"]["certificate_id"] for row in queued) == (
        sorted(c.pk for c in missing)
    )


def test_each_lost_task_is_handed_back_once_when_two_reapers_run_at_once(queue):
    for number in range(PEOPLE):
        certificate_render_task.enqueue(certificate_id=number)
    DBTaskResult.objects.update(
        status="RUNNING",
        worker_ids=["gone"],
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )
    first, second = _twice_at_once(tasks_requeue_stale)
    assert first.requeued + second.requeued == PEOPLE
    assert first.failed + second.failed == 0
    rows = DBTaskResult.objects.all()
    assert {(row.status, row.exception_class_path) for row in rows} == {
        ("READY", WORKER_LOST)
    }
    assert {len(row.worker_ids) for row in rows} == {1}
