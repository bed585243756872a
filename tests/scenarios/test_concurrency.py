"""A double click or two tabs posting the same choice at once: exactly one is
accepted, the others are refused as stale, and one attempt exists."""

import threading

import pytest
from django.db import close_old_connections, connection

from assessments.scenarios.models import ScenarioAttempt
from assessments.scenarios.services import (
    StaleForm,
    attempt_start,
    choice_submit,
    skill_tags_ensure,
)
from courses.services import enrolment_create
from demo.site import home_page_ensure
from tests.factories.scenarios import scenario_course_create
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure

RACERS = 8


def race(action) -> tuple[list, list[BaseException]]:
    results: list = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(RACERS)

    def run():
        try:
            barrier.wait()
            results.append(action())
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def setup(transactional_db):
    wagtail_tree_ensure()
    skill_tags_ensure()
    scenario = scenario_course_create(home_page_ensure())
    learner = UserFactory()
    enrolment_create(user=learner, course=scenario.course)
    return scenario.page, learner


def test_one_attempt_is_started_when_many_tabs_start_at_once(setup):
    page, learner = setup
    results, errors = race(lambda: attempt_start(user=learner, page=page).pk)
    assert not errors, errors
    assert len(set(results)) == 1
    assert ScenarioAttempt.objects.filter(user=learner).count() == 1


def test_one_choice_is_accepted_when_the_same_form_is_posted_at_once(setup):
    page, learner = setup
    attempt = attempt_start(user=learner, page=page)

    def submit():
        return choice_submit(
            user=learner,
            page=page,
            attempt_id=attempt.pk,
            step="s1",
            moves=0,
            choice="c1",
        ).moves

    results, errors = race(submit)
    assert results == [1]
    assert len(errors) == RACERS - 1
    assert all(isinstance(error, StaleForm) for error in errors), errors
    attempt.refresh_from_db()
    assert attempt.moves == 1
    assert attempt.step == "s2"
    assert len(attempt.state["path"]) == 1
