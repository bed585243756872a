"""Attempt services: start and resume, choices with effects, conditions and
routes, scoring, refusals that change nothing, retries, completion."""

import pytest
from wagtail import hooks

from assessments.scenarios.models import ScenarioAttempt
from assessments.scenarios.selectors import scenario_results
from assessments.scenarios.services import (
    AttemptFinished,
    AttemptsExhausted,
    BackRefused,
    ChoiceRefused,
    StaleForm,
    attempt_back,
    attempt_start,
    choice_submit,
)
from courses.selectors import course_completion_status
from courses.services import PROGRESS_HOOK, NotEnrolled
from tests.factories.scenarios import (
    sample_definition,
    scenario_page_create,
    scenario_play,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def snapshot(attempt):
    attempt.refresh_from_db()
    return (attempt.state, attempt.step, attempt.moves, attempt.status)


def test_attempt_start_resumes_when_an_attempt_is_in_progress(learner, scenario_page):
    first = scenario_play(learner, scenario_page, "c1")
    again = attempt_start(user=learner, page=scenario_page)
    assert again.pk == first.pk
    assert again.step == "s2"
    assert ScenarioAttempt.objects.count() == 1


def test_attempt_start_refuses_when_not_enrolled(scenario_page):
    with pytest.raises(NotEnrolled):
        attempt_start(user=UserFactory(), page=scenario_page)
    assert not ScenarioAttempt.objects.exists()


def test_choice_submit_scores_per_skill_when_an_ending_is_reached(
    learner, scenario_page
):
    attempt = scenario_play(learner, scenario_page, "c1", "c3")
    assert attempt.status == "finished"
    assert attempt.step == "e_goed"
    assert attempt.outcome == "positive"
    assert attempt.passed is True
    assert attempt.score == pytest.approx(1.0)
    skills = {row["skill"]: row["ratio"] for row in attempt.scores["skills"]}
    assert skills == {
        "open_vraag": 1.0,
        "reflectie": 0.0,
        "informatie_toestemming": 1.0,
    }
    assert attempt.scores["schema_version"] == 1
    assert attempt.finished_at is not None


def test_effects_change_state_when_a_choice_is_made(learner, scenario_page):
    attempt = scenario_play(learner, scenario_page, "c1")
    assert attempt.state["values"] == {"vertrouwen": 3}
    assert attempt.state["path"][0]["offered"] == ["c1", "c2"]
    attempt = scenario_play(learner, scenario_page)  # resume
    assert attempt.state["schema_version"] == 1


def test_hidden_choice_is_refused_when_its_condition_does_not_hold(
    learner, scenario_page
):
    attempt = scenario_play(learner, scenario_page, "c2")  # vertrouwen 2 → 0
    before = snapshot(attempt)
    with pytest.raises(ChoiceRefused):
        choice_submit(
            user=learner,
            page=scenario_page,
            attempt_id=attempt.pk,
            step="s2",
            moves=attempt.moves,
            choice="c3",  # needs vertrouwen >= 3
        )
    assert snapshot(attempt) == before


def test_route_leads_to_negative_ending_when_effects_lower_the_variable(
    learner, scenario_page
):
    attempt = scenario_play(learner, scenario_page, "c2", "c2")
    assert attempt.step == "e_slecht"
    assert attempt.outcome == "negative"
    assert attempt.passed is False
    assert attempt.score == 0


def test_partial_score_passes_when_above_threshold(learner, scenario_page):
    attempt = scenario_play(learner, scenario_page, "c1", "c1", "c2")
    assert attempt.step == "e_neutraal"
    assert attempt.score == pytest.approx(5 / 6)
    assert attempt.passed is True


@pytest.mark.parametrize(
    ("step", "moves_delta", "choice"),
    [
        ("s9", 0, "c1"),  # a step key from another scenario
        ("s1", 0, "c1"),  # an old step's form
        ("s2", -1, "c1"),  # a replayed form: right step, old move
        ("s2", 0, "c9"),  # a choice that does not exist
        ("s2", 0, ""),
    ],
)
def test_choice_submit_changes_nothing_when_the_form_is_tampered(
    learner, scenario_page, step, moves_delta, choice
):
    attempt = scenario_play(learner, scenario_page, "c1")
    before = snapshot(attempt)
    with pytest.raises((StaleForm, ChoiceRefused)):
        choice_submit(
            user=learner,
            page=scenario_page,
            attempt_id=attempt.pk,
            step=step,
            moves=attempt.moves + moves_delta,
            choice=choice,
        )
    assert snapshot(attempt) == before


def test_choice_submit_refuses_when_the_attempt_is_finished(learner, scenario_page):
    attempt = scenario_play(learner, scenario_page, "c1", "c3")
    with pytest.raises(AttemptFinished):
        choice_submit(
            user=learner,
            page=scenario_page,
            attempt_id=attempt.pk,
            step=attempt.step,
            moves=attempt.moves,
            choice="c1",
        )


def test_choice_submit_refuses_when_attempt_belongs_to_someone_else(
    learner, scenario_page, scenario_course
):
    attempt = scenario_play(learner, scenario_page)
    other = UserFactory()
    with pytest.raises(StaleForm.__mro__[1]):  # ScenarioRefused
        choice_submit(
            user=other,
            page=scenario_page,
            attempt_id=attempt.pk,
            step="s1",
            moves=0,
            choice="c1",
        )
    assert snapshot(attempt)[2] == 0


def test_attempt_back_restores_values_when_the_scenario_allows_it(
    learner, scenario_course
):
    module = scenario_course.tree.modules[0]
    page = scenario_page_create(
        module, sample_definition(allow_back=True), slug="terug", title="Terug"
    )
    attempt = scenario_play(learner, page, "c2")
    attempt = attempt_back(
        user=learner,
        page=page,
        attempt_id=attempt.pk,
        step=attempt.step,
        moves=attempt.moves,
    )
    assert attempt.step == "s1"
    assert attempt.state["values"] == {"vertrouwen": 2}
    assert attempt.state["path"] == []
    assert attempt.moves == 2  # never goes down, so old forms stay stale


def test_attempt_back_is_refused_when_the_scenario_forbids_it(learner, scenario_page):
    attempt = scenario_play(learner, scenario_page, "c1")
    before = snapshot(attempt)
    with pytest.raises(BackRefused):
        attempt_back(
            user=learner,
            page=scenario_page,
            attempt_id=attempt.pk,
            step=attempt.step,
            moves=attempt.moves,
        )
    assert snapshot(attempt) == before


def test_attempt_start_refuses_when_all_attempts_are_used(learner, scenario_page):
    scenario_page.max_attempts = 1
    scenario_page.save_revision().publish()
    scenario_play(learner, scenario_page, "c2", "c2")
    with pytest.raises(AttemptsExhausted):
        attempt_start(user=learner, page=scenario_page)


def test_retry_starts_a_new_numbered_attempt_when_attempts_are_left(
    learner, scenario_page
):
    scenario_play(learner, scenario_page, "c2", "c2")
    second = attempt_start(user=learner, page=scenario_page)
    assert second.number == 2
    assert second.step == "s1"


def test_passed_scenario_counts_in_course_completion_when_passed(
    learner, scenario_course
):
    status = course_completion_status(user=learner, course=scenario_course.course)
    [requirement] = [r for r in status.requirements if r.kind == "scenario"]
    assert not requirement.done
    scenario_play(learner, scenario_course.page, "c2", "c2")  # failed
    status = course_completion_status(user=learner, course=scenario_course.course)
    assert not next(r for r in status.requirements if r.kind == "scenario").done
    scenario_play(learner, scenario_course.page, "c1", "c3")  # passed
    status = course_completion_status(user=learner, course=scenario_course.course)
    assert next(r for r in status.requirements if r.kind == "scenario").done


def test_progress_hook_runs_once_when_a_scenario_is_passed(
    learner, scenario_course, django_capture_on_commit_callbacks
):
    calls = []

    def record(*, user, course):
        calls.append((user, course))

    with hooks.register_temporarily(PROGRESS_HOOK, record):
        with django_capture_on_commit_callbacks(execute=True):
            scenario_play(learner, scenario_course.page, "c2", "c2")
        assert calls == []
        with django_capture_on_commit_callbacks(execute=True):
            scenario_play(learner, scenario_course.page, "c1", "c3")
    assert [course.pk for _user, course in calls] == [scenario_course.course.pk]


def test_attempt_keeps_its_definition_when_the_page_is_republished(
    learner, scenario_page
):
    attempt = scenario_play(learner, scenario_page, "c1")
    scenario_page.pass_percent = 100
    scenario_page.save_revision().publish()
    attempt = scenario_play(learner, scenario_page, "c1", "c2")  # s2 → s3 → e_neutraal
    assert attempt.scores["pass_threshold"] == pytest.approx(0.6)
    assert attempt.passed is True
    assert scenario_page.versions.count() == 1  # no new attempt yet
    assert attempt_start(user=learner, page=scenario_page).version_id != (
        attempt.version_id
    )


def test_scenario_results_gives_passed_only_when_asked_for_a_team(
    learner, scenario_page
):
    other = UserFactory()
    scenario_play(learner, scenario_page, "c1", "c3")
    results = scenario_results(page=scenario_page, users=[learner, other])
    assert results == {learner.pk: True}
