"""Two tabs, double clicks: concurrent starts make one attempt and concurrent
submits record one result. Real threads, real transactions."""

import threading

import pytest
from django.db import connection
from django.test import Client
from wagtail.models import Page, Site

from assessments.models import Attempt
from assessments.services import attempt_start, attempt_submit
from courses.services import enrolment_create
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
)
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure
from training.models import HomePage

THREADS = 4


@pytest.fixture
def quiz_setup(transactional_db):
    root = wagtail_tree_ensure()
    home = HomePage(title="Bijblijven", slug="home-quiz", intro="Test")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    tree = course_tree_create(home)
    category = category_create()
    questions = [
        question_create(category=category, type=kind)
        for kind in ("single", "multiple", "true_false", "ordering")
    ]
    quiz = quiz_create(tree.modules[0], questions=questions, layout="all")
    user = UserFactory()
    enrolment_create(user=user, course=tree.course)
    return quiz, user


def _run_together(target, count: int = THREADS) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_create_one_attempt_when_two_tabs_start(quiz_setup):
    quiz, user = quiz_setup
    attempts = _run_together(lambda _n: attempt_start(user=user, quiz=quiz).pk)
    assert len(set(attempts)) == 1
    assert Attempt.objects.count() == 1
    assert len(Attempt.objects.get().questions) == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_record_one_result_when_double_clicked(quiz_setup):
    quiz, user = quiz_setup
    attempt = attempt_start(user=user, quiz=quiz)

    def submit(index: int):
        return attempt_submit(
            public_id=attempt.public_id,
            user=user,
            data=form_data(attempt.questions, right=index % 2 == 0),
            indexes=range(4),
        )

    outcomes = _run_together(submit)
    fresh = [outcome for outcome in outcomes if not outcome.already_submitted]
    assert len(fresh) == 1
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.score == fresh[0].attempt.score
    assert {o.attempt.score for o in outcomes} == {attempt.score}


@pytest.mark.django_db(transaction=True)
def test_concurrent_form_posts_record_one_result_when_two_tabs_submit(quiz_setup):
    quiz, user = quiz_setup
    attempt = attempt_start(user=user, quiz=quiz)
    url = f"/toetsen/poging/{attempt.public_id}/"

    def post(index: int) -> int:
        client = Client()
        client.force_login(user)
        data = {
            "vraag": "1",
            "action": "submit",
            **form_data(attempt.questions, right=index % 2 == 1),
        }
        return client.post(url, data).status_code

    statuses = _run_together(post)
    assert statuses == [302] * THREADS
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.score in (0.0, 1.0)
    assert Attempt.objects.count() == 1
