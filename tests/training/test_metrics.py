"""`/metrics`: Prometheus' text format for staff, the monitoring token and (when
allowed) this machine; refused to everyone else. Counters move when the thing
they count happens."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from tests.factories.certificates import certificate_earn
from tests.factories.users import UserFactory
from tests.subprocesses import python_run
from training.outbox import email_queue
from training.tasks import outbox_send_task

pytestmark = pytest.mark.django_db

TOKEN = "a-monitoring-token-of-at-least-32-characters"


@pytest.fixture(autouse=True)
def _monitoring(settings):
    settings.MONITORING_TOKEN = TOKEN
    settings.METRICS_ALLOW_LOOPBACK = False


def _scrape() -> dict[tuple[str, tuple], float]:
    response = Client(headers={"Authorization": f"Bearer {TOKEN}"}).get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return _samples(response.content.decode())


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_counts_a_certificate_when_one_is_issued(
    settings, course_tree, user, django_capture_on_commit_callbacks
):
    # Tasks wait in the queue: the render (WeasyPrint) is not this test's business.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = _scrape()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_earn(user=user, tree=course_tree)
    after = _scrape()
    issued = "bijblijven_certificates_issued_total"
    assert _value(after, issued) == _value(before, issued) + 1
    render = "certificates.tasks.certificate_render_task"
    enqueued = "bijblijven_tasks_enqueued_total"
    assert (
        _value(after, enqueued, task=render)
        == _value(before, enqueued, task=render) + 1
    )


def test_metrics_counts_no_certificate_when_the_transaction_rolls_back(
    course_tree, user, django_capture_on_commit_callbacks
):
    before = _scrape()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate_earn(user=user, tree=course_tree)
    assert callbacks  # the count waits for a commit that never comes
    issued = "bijblijven_certificates_issued_total"
    assert _value(_scrape(), issued) == _value(before, issued)


def test_metrics_counts_requests_by_view_and_status():
    before = _scrape()
    Client().get(reverse("health"))
    after = _scrape()
    name = "django_http_responses_total_by_status_view_method_total"
    labels = {"status": "200", "view": "health", "method": "GET"}
    assert _value(after, name, **labels) == _value(before, name, **labels) + 1
    assert (
        _value(
            after,
            "django_http_requests_latency_seconds_by_view_method_count",
            view="health",
            method="GET",
        )
        > 0
    )


def test_metrics_counts_reminders_and_emails_when_the_outbox_sends_them(
    django_capture_on_commit_callbacks,
):
    before = _scrape()
    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("expiry_reminder", "invitation"):
            email_queue(
                to="a@example.org",
                subject="s",
                body_text="b",
                kind=kind,
                dedup_key=f"metrics:{kind}",
            )
    assert len(mail.outbox) == 2
    after = _scrape()
    sent, reminders = "bijblijven_emails_sent_total", "bijblijven_reminders_sent_total"
    for kind in ("expiry_reminder", "invitation"):
        assert _value(after, sent, kind=kind) == _value(before, sent, kind=kind) + 1
    assert _value(after, reminders, kind="expiry_reminder") == (
        _value(before, reminders, kind="expiry_reminder") + 1
    )
    assert _value(after, reminders, kind="invitation") == 0


@task()
def _task_that_fails() -> None:
    raise ValueError("fails on purpose")


def test_metrics_counts_failed_tasks_apart_from_successful_ones():
    failing = f"{__name__}._task_that_fails"
    sending = "training.tasks.outbox_send_task"
    finished = "bijblijven_tasks_finished_total"
    before = _scrape()
    _task_that_fails.enqueue()  # the immediate backend runs it at once
    outbox_send_task.enqueue(email_id=999_999)  # nothing to send: succeeds
    after = _scrape()

    def ran(task, status):
        return _value(after, finished, task=task, status=status) - _value(
            before, finished, task=task, status=status
        )

    assert (ran(failing, "FAILED"), ran(failing, "SUCCESSFUL")) == (1, 0)
    assert (ran(sending, "SUCCESSFUL"), ran(sending, "FAILED")) == (1, 0)


def test_metrics_reports_the_task_queue_lag_from_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = outbox_send_task.enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    samples = _scrape()
    assert _value(samples, "bijblijven_tasks_waiting") == 1
    assert 180 <= _value(samples, "bijblijven_task_oldest_waiting_seconds") < 240


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]
)
def test_metrics_refuses_anonymous_requests_without_the_token(headers):
    response = Client(headers=headers).get("/metrics")
    assert response.status_code == 403
    assert b"bijblijven_" not in response.content


def test_metrics_refuses_signed_in_people_who_are_not_staff():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/metrics").status_code == 200


def test_metrics_answers_this_machine_only_when_loopback_is_allowed(settings):
    # The test client's REMOTE_ADDR is 127.0.0.1.
    assert Client().get("/metrics").status_code == 403
    settings.METRICS_ALLOW_LOOPBACK = True
    assert Client().get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 403


def test_metrics_add_up_every_process_when_they_share_a_multiprocess_dir(tmp_path):
    """Two processes (gunicorn workers, a task worker) count; a third answers
    the scrape with both counts."""
    env = {
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "training.settings.test",
    }
    count = (
        "from training.metrics import CERTIFICATES_ISSUED, TASKS_FINISHED\n"
        "CERTIFICATES_ISSUED.inc()\n"
        "TASKS_FINISHED.labels(task='t', status='FAILED').inc()\n"
    )
    for _ in range(2):
        counted = python_run("-c", count, env=env)
        assert counted.returncode == 0, counted.stderr
    scrape = (
        "import django; django.setup()\n"
        "from training.metrics import metrics_text\n"
        "print(metrics_text().decode())\n"
    )
    scraped = python_run("-c", scrape, env=env)
    assert scraped.returncode == 0, scraped.stderr
    samples = _samples(scraped.stdout)
    assert _value(samples, "bijblijven_certificates_issued_total") == 2
    assert (
        _value(samples, "bijblijven_tasks_finished_total", task="t", status="FAILED")
        == 2
    )
