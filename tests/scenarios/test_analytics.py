"""Trainers' analytics and transcripts; who may see them."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.scenario_graph import parse_definition
from assessments.scenarios.analytics import AttemptRow, scenario_stats
from assessments.scenarios.services import attempt_start, choice_submit
from courses.services import enrolment_create
from tests.factories.scenarios import sample_definition
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def play(user, page, *choices):
    attempt = attempt_start(user=user, page=page)
    for choice in choices:
        attempt = choice_submit(
            user=user,
            page=page,
            attempt_id=attempt.pk,
            step=attempt.step,
            moves=attempt.moves,
            choice=choice,
        )
    return attempt


@pytest.fixture
def played(scenario_course, scenario_page):
    """Three learners: a GP who passes, a police officer who fails, and a police
    officer still at step 2."""
    people = {
        "gp": UserFactory(profession="huisarts"),
        "cop": UserFactory(profession="politie"),
        "busy": UserFactory(profession="politie"),
    }
    for user in people.values():
        enrolment_create(user=user, course=scenario_course.course)
    attempts = {
        "gp": play(people["gp"], scenario_page, "c1", "c3"),
        "cop": play(people["cop"], scenario_page, "c2", "c2"),
        "busy": play(people["busy"], scenario_page, "c2"),
    }
    return people, attempts


def test_stats_count_choices_paths_and_mistakes_when_attempts_exist():
    scenario = parse_definition(sample_definition())

    def row(finished, passed, steps, path):
        return AttemptRow(
            scenario=scenario,
            finished=finished,
            passed=passed,
            state={"step": steps, "path": path},
        )

    good = [
        {"step": "s1", "choice": "c1", "offered": ["c1", "c2"]},
        {"step": "s2", "choice": "c3", "offered": ["c1", "c2", "c3"]},
    ]
    bad = [
        {"step": "s1", "choice": "c2", "offered": ["c1", "c2"]},
        {"step": "s2", "choice": "c2", "offered": ["c1", "c2"]},
    ]
    stats = scenario_stats(
        scenario=scenario,
        attempts=[
            row(True, True, "e_goed", good),
            row(True, True, "e_goed", good),
            row(True, False, "e_slecht", bad),
            row(False, None, "s2", bad[:1]),
        ],
    )
    assert (stats.starts, stats.finishes, stats.passes) == (4, 3, 2)
    assert stats.pass_percent == 67
    s1 = next(step for step in stats.steps if step.key == "s1")
    assert {c.key: c.count for c in s1.choices} == {"c1": 2, "c2": 2}
    assert s1.wrong == 2
    assert s1.wrong_percent == 50
    assert stats.paths[0].keys == ("s1", "s2", "e_goed")
    assert stats.paths[0].count == 2
    assert stats.trouble[0].key == "s1"


def test_trainer_sees_analytics_filtered_by_profession_when_asked(
    client, trainer, scenario_page, played
):
    client.force_login(trainer)
    url = reverse("scenarios_admin:analytics", args=[scenario_page.pk])
    html = client.get(url).content.decode()
    assert "Gestart: 3" in html
    assert "Afgerond: 2" in html
    assert "Waar gaat het vaakst mis?" in html
    police = client.get(url, {"beroep": "politie"}).content.decode()
    assert "Gestart: 2" in police
    assert "Afgerond: 1" in police
    odd = client.get(url, {"beroep": "<script>", "p": "abc"})
    assert odd.status_code == 200


def test_csv_export_has_a_row_per_choice_when_downloaded(
    client, trainer, scenario_page, played
):
    client.force_login(trainer)
    url = reverse("scenarios_admin:analytics", args=[scenario_page.pk])
    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["stap", "staptitel", "keuze"]
    s1 = {row[2]: int(row[5]) for row in rows[1:] if row[0] == "s1"}
    assert s1 == {"c1": 1, "c2": 2}


def test_trainer_reads_a_transcript_when_permitted(
    client, trainer, scenario_page, played
):
    _people, attempts = played
    client.force_login(trainer)
    url = reverse("scenarios_admin:transcript", args=[attempts["cop"].pk])
    html = client.get(url).content.decode()
    assert "Een preek roept wrijving op." in html
    assert "niet geslaagd" in html


@pytest.mark.parametrize("who", ["manager", "learner"])
def test_transcripts_and_analytics_are_refused_when_not_a_trainer(
    client, request, scenario_page, played, who
):
    _people, attempts = played
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("scenarios_admin:transcript", args=[attempts["gp"].pk]),
        reverse("scenarios_admin:analytics", args=[scenario_page.pk]),
        reverse("scenarios_admin:analytics", args=[scenario_page.pk]) + "?format=csv",
        reverse("scenarios_admin:report"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert b"wrijving" not in response.content


def test_manager_cannot_open_a_learners_result_page_when_logged_in(
    client, manager, scenario_page, played
):
    _people, attempts = played
    client.force_login(manager)
    response = client.get(f"{scenario_page.url}poging/{attempts['gp'].pk}/")
    assert response.status_code in {403, 404}
    assert b"Goed: een open vraag." not in response.content


def test_report_lists_scenarios_with_counts_when_trainer(
    client, trainer, scenario_page, played
):
    client.force_login(trainer)
    html = client.get(reverse("scenarios_admin:report")).content.decode()
    assert scenario_page.title in html
