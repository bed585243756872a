"""A certificate is never lost: issuing that fails after the completion committed
(a lock held too long, a process that stopped) is finished by the retry task, the
sweep or `issue_missing_certificates`, once per cycle."""

import datetime
import threading
from contextlib import contextmanager

import psycopg
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate, IssueRequest
from certificates.services.issue_requests import issue_requests_process_due
from certificates.services.renewal import certificate_renewal_start
from courses.models import LessonCompletion
from courses.services import enrolment_create, lesson_complete
from tests.factories.certificates import CertificateFactory, certificate_earn
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="LOCK TABLE holds one table on PostgreSQL only; SQLite locks the whole "
    "database, so the completion itself would wait (CI runs this on PostgreSQL)",
)


def _later(minutes: int = 3) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


@contextmanager
def certificates_table_locked():
    """`LOCK TABLE certificates_certificate IN SHARE MODE` from a second
    connection, held until the block ends."""
    settings = connection.settings_dict
    started, release = threading.Event(), threading.Event()

    def hold():
        with psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
        ) as other:
            with other.transaction():
                other.execute("LOCK TABLE certificates_certificate IN SHARE MODE")
                started.set()
                release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert started.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join()


def _complete_all_but_last(tree, user):
    enrolment_create(user=user, course=tree.course)
    for lesson in tree.lessons[:-1]:
        lesson_complete(user=user, lesson=lesson)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_certificate_is_issued_by_the_command_when_a_lock_outlasted_the_timeout(
    home_page, settings
):
    settings.CERTIFICATE_ISSUE_LOCK_TIMEOUT_MS = 300
    tree = course_tree_create(home_page, modules=1, lessons_per_module=2)
    user = UserFactory()
    _complete_all_but_last(tree, user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with certificates_table_locked():
        response = client.post(tree.lessons[-1].url, {"action": "complete"})
    # the learner's completion stands and they are not shown an error
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=user).count() == 2
    assert not Certificate.objects.exists()
    request = IssueRequest.objects.get(user=user)
    assert request.attempts == 1
    assert "lock timeout" in request.last_error
    assert request.next_attempt_at > timezone.now()

    call_command("issue_missing_certificates")
    certificate = Certificate.objects.get(user=user)
    assert certificate.cycle == 1
    assert certificate.is_rendered
    assert not IssueRequest.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_retry_task_issues_when_the_worker_runs_it_after_a_lock_timeout(
    home_page, settings
):
    settings.CERTIFICATE_ISSUE_LOCK_TIMEOUT_MS = 300
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tree = course_tree_create(home_page, modules=1, lessons_per_module=1)
    user = UserFactory()
    enrolment_create(user=user, course=tree.course)
    with certificates_table_locked():
        lesson_complete(user=user, lesson=tree.lessons[0])
    assert not Certificate.objects.exists()
    retry = DBTaskResult.objects.get(task_path__endswith="certificate_issue_task")
    request = IssueRequest.objects.get()
    assert retry.run_after == request.next_attempt_at
    assert retry.args_kwargs["kwargs"] == {"request_id": request.pk}

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    connections.close_all()
    assert Certificate.objects.filter(user=user, cycle=1).count() == 1
    assert not IssueRequest.objects.exists()


def test_sweep_issues_when_the_process_stopped_between_commit_and_issue(
    course_tree, user
):
    # Without django_capture_on_commit_callbacks nothing runs after commit: the
    # state a killed worker leaves behind.
    enrolment_create(user=user, course=course_tree.course)
    for lesson in course_tree.lessons:
        lesson_complete(user=user, lesson=lesson)
    assert not Certificate.objects.exists()
    assert IssueRequest.objects.count() == len(course_tree.lessons)

    early = issue_requests_process_due()
    assert (early.issued, IssueRequest.objects.count()) == (0, 4)  # grace period
    result = issue_requests_process_due(now=_later())
    assert (result.issued, result.failed) == (1, 0)
    assert Certificate.objects.get(user=user).cycle == 1
    assert not IssueRequest.objects.exists()


def test_sweep_deletes_requests_and_issues_nothing_when_the_course_is_incomplete(
    course_tree, user
):
    _complete_all_but_last(course_tree, user)
    result = issue_requests_process_due(now=_later())
    assert (result.issued, result.not_complete) == (0, 1)
    assert not Certificate.objects.exists()
    assert not IssueRequest.objects.exists()


def test_command_issues_each_cycle_once_when_run_twice(course_tree, user):
    first = certificate_earn(user=user, tree=course_tree)
    certificate_renewal_start(user=user, certificate=first)
    for lesson in course_tree.lessons:
        lesson_complete(user=user, lesson=lesson)  # cycle 2; nothing after commit
    IssueRequest.objects.all().delete()  # progress from before the outbox existed
    assert Certificate.objects.filter(user=user).count() == 1

    call_command("issue_missing_certificates")
    call_command("issue_missing_certificates")
    assert sorted(Certificate.objects.values_list("cycle", flat=True)) == [1, 2]
    first.refresh_from_db()
    assert first.replaced_by == Certificate.objects.get(cycle=2)


def test_command_leaves_learners_alone_when_nothing_is_complete(course_tree, user):
    other = UserFactory()
    _complete_all_but_last(course_tree, user)
    enrolment_create(user=other, course=course_tree.course)
    call_command("issue_missing_certificates")
    assert not Certificate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_exactly_one_certificate_when_sweeps_and_the_request_race(home_page):
    tree = course_tree_create(home_page, modules=1, lessons_per_module=1)
    user = UserFactory()
    enrolment_create(user=user, course=tree.course)
    LessonCompletion.objects.create(
        user=user, lesson=tree.lessons[0], course=tree.course, cycle=1
    )
    IssueRequest.objects.create(user=user, course=tree.course)
    IssueRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    barrier = threading.Barrier(4)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            issue_requests_process_due()
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert Certificate.objects.filter(user=user).count() == 1
    assert not IssueRequest.objects.exists()


def test_background_listing_shows_certificates_owed_when_issuing_failed(
    course_tree, user, client
):
    enrolment_create(user=user, course=course_tree.course)
    lesson_complete(user=user, lesson=course_tree.lessons[0])
    IssueRequest.objects.update(attempts=2, last_error="OperationalError: lock timeout")
    CertificateFactory(
        course=course_tree.course,
        issued_at=timezone.now() - datetime.timedelta(hours=1),
    )
    operator = UserFactory()
    operator.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "manage_background_work"]
        )
    )
    client.force_login(operator)
    html = client.get(reverse("background_admin:index")).content.decode()
    assert "1 voortgangsmelding wacht nog" in html
    assert "Laatste fout: OperationalError: lock timeout" in html
    assert "1 certificaat heeft nog geen PDF." in html
