"""The result goes back to the LMS through Assignment and Grade Services when we
issue the certificate (a real LTI 1.3 platform: tests/lti/platform.py): an
access token by the client-credentials JWT grant (the platform checks our
assertion against our JWKS over HTTP), then a score POST to the line item with
that bearer token. A platform that is down: retried through the database queue
and `db_worker`, and visible to administrators."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from certificates.services.issue import certificate_issue
from courses.services import lesson_complete
from lti.models import LtiAccount, ScoreSend, ScoreSendStatus
from tests.lti.conftest import launch

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "lti.tasks.score_send_task"


def _complete(user, tree) -> Certificate:
    for lesson in tree.lessons:
        lesson_complete(user=user, lesson=lesson)
    return certificate_issue(user=user, course=tree.course)


def _launched(platform, tree, **kwargs):
    client = Client()
    launch(
        client,
        platform,
        custom={"bijblijven_course": str(tree.course.pk)},
        **kwargs,
    )
    return LtiAccount.objects.get(sub="lms-user-42").user


def test_the_score_reaches_the_line_item_when_the_certificate_is_issued(
    platform, registration, course_tree
):
    user = _launched(platform, course_tree, lineitem=platform.lineitem_url())
    assert platform.scores == []  # nothing before completion
    certificate = _complete(user, course_tree)
    (score,) = platform.scores  # the platform accepted our bearer token
    assert score["path"] == "/courses/7/lineitems/1/lineitem/scores"
    assert score["content_type"] == "application/vnd.ims.lis.v1.score+json"
    assert score["userId"] == "lms-user-42"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (100, 100)
    assert (score["activityProgress"], score["gradingProgress"]) == (
        "Completed",
        "FullyGraded",
    )
    send = ScoreSend.objects.get()
    assert (send.certificate, send.status, send.attempts) == (
        certificate,
        ScoreSendStatus.SENT,
        1,
    )
    # issuing again (idempotent) sends nothing more
    certificate_issue(user=user, course=course_tree.course)
    assert len(platform.scores) == 1


def test_no_score_is_sent_for_a_launch_without_a_line_item(
    platform, registration, course_tree
):
    user = _launched(platform, course_tree)
    _complete(user, course_tree)
    assert platform.scores == []
    assert not ScoreSend.objects.exists()


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    connections.close_all()


def test_a_platform_that_is_down_is_retried_and_shown_to_administrators(
    settings, platform, registration, course_tree, django_user_model
):
    user = _launched(platform, course_tree, lineitem=platform.lineitem_url())
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    port = platform.port
    platform.stop()
    _complete(user, course_tree)
    before = timezone.now()
    _work()

    task = DBTaskResult.objects.get(task_path=TASK)
    assert task.status == "READY"  # back in the queue with back-off
    assert task.run_after >= before + datetime.timedelta(seconds=30)
    assert task.exception_class_path.startswith("requests.exceptions.")
    send = ScoreSend.objects.get()
    assert (send.status, send.attempts) == (ScoreSendStatus.FAILED, 1)
    assert "ConnectionError" in send.last_error

    admin = django_user_model.objects.create_superuser(
        email="beheer@example.org", password="x", first_name="B", last_name="H"
    )
    browser = Client()
    browser.force_login(admin)
    listing = browser.get("/beheer/snippets/lti/scoresend/")
    assert listing.status_code == 200
    assert "Mislukt (wordt opnieuw geprobeerd)" in listing.content.decode()

    platform.start(port=port)  # the platform is back
    DBTaskResult.objects.filter(task_path=TASK).update(run_after=timezone.now())
    _work()
    assert DBTaskResult.objects.get(task_path=TASK).status == "SUCCESSFUL"
    send.refresh_from_db()
    assert (send.status, send.attempts, send.last_error) == (
        ScoreSendStatus.SENT,
        2,
        "",
    )
    assert len(platform.scores) == 1
