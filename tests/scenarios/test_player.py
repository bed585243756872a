"""The learner's player over HTTP: access, playing, focus targets, tampering."""

import pytest
from django.urls import reverse

from assessments.scenarios.models import ScenarioAttempt
from tests.factories.scenarios import chain_definition, scenario_page_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def start(client, page):
    response = client.post(page.url)
    assert response.status_code == 302
    return ScenarioAttempt.objects.get(status="in_progress", page=page)


def choose(client, page, current, choice="", **overrides):
    current.refresh_from_db()
    data = {
        "action": "choice",
        "attempt": current.pk,
        "step": current.step,
        "moves": current.moves,
        "choice": choice,
        **overrides,
    }
    return client.post(page.url + "speel/", data)


def state_of(attempt):
    attempt.refresh_from_db()
    return attempt.state, attempt.moves, attempt.status


def test_player_redirects_to_login_when_anonymous(client, scenario_page):
    for url in (scenario_page.url, scenario_page.url + "speel/"):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    response = client.post(scenario_page.url)
    assert reverse("account_login") in response["Location"]
    assert not ScenarioAttempt.objects.exists()


def test_player_offers_enrolment_when_not_enrolled(client, scenario_page):
    client.force_login(UserFactory())
    for url in (scenario_page.url, scenario_page.url + "speel/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Inschrijven voor deze cursus" in response.content.decode()
    assert client.post(scenario_page.url).status_code == 403
    assert not ScenarioAttempt.objects.exists()


def test_intro_offers_start_when_enrolled(learner_client, scenario_page):
    html = learner_client.get(scenario_page.url).content.decode()
    assert "Scenario starten" in html


def test_step_page_moves_focus_to_feedback_when_a_choice_was_made(
    learner_client, scenario_page
):
    attempt = start(learner_client, scenario_page)
    first = learner_client.get(scenario_page.url + "speel/").content.decode()
    assert 'id="stap-kop" tabindex="-1" autofocus' in first
    assert "<legend" in first
    assert 'type="radio"' in first
    response = choose(learner_client, scenario_page, attempt, "c1")
    assert response["Location"].endswith("speel/#feedback")
    html = learner_client.get(scenario_page.url + "speel/").content.decode()
    assert 'id="feedback"' in html
    assert 'role="status"' in html
    assert "autofocus" in html.split('id="feedback"')[1].split(">")[0]
    assert "Goed: een open vraag." in html
    # the condition now holds: vertrouwen 3 shows the hidden choice
    assert "Mag ik iets vertellen over combineren?" in html


def test_hidden_choice_is_not_shown_when_its_condition_fails(
    learner_client, scenario_page
):
    attempt = start(learner_client, scenario_page)
    choose(learner_client, scenario_page, attempt, "c2")
    html = learner_client.get(scenario_page.url + "speel/").content.decode()
    assert "Mag ik iets vertellen over combineren?" not in html


def test_result_shows_debrief_scores_and_path_when_finished(
    learner_client, scenario_page
):
    attempt = start(learner_client, scenario_page)
    choose(learner_client, scenario_page, attempt, "c1")
    response = choose(learner_client, scenario_page, attempt, "c3")
    assert response["Location"].endswith(f"poging/{attempt.pk}/#feedback")
    html = learner_client.get(response["Location"]).content.decode()
    assert "Nabespreking: Een vervolgafspraak." in html
    assert "Score per vaardigheid" in html
    assert "Open vraag" in html  # skill label, not the key
    assert "Goed: een open vraag." in html  # feedback in the path
    assert "geslaagd" in html


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"choice": "c3"}, 400),  # hidden at this state (vertrouwen 2)
        ({"choice": "c9"}, 400),  # not in the step
        ({"step": "s9"}, 409),  # a step id from another scenario
        ({"step": "s2"}, 409),  # a later step of this scenario
        ({"moves": "7"}, 409),  # a replayed or forged move counter
        ({"moves": "abc"}, 400),
        ({"attempt": "999999"}, 404),
        ({"attempt": ""}, 400),
        ({"action": "delete"}, 400),
        ({"action": "back"}, 400),  # back not allowed in this scenario
    ],
)
def test_tampered_post_answers_4xx_and_changes_nothing_when_refused(
    learner_client, scenario_page, overrides, status
):
    attempt = start(learner_client, scenario_page)
    before = state_of(attempt)
    response = choose(
        learner_client, scenario_page, attempt, **{"choice": "c1", **overrides}
    )
    assert response.status_code == status
    assert "Dat kan niet" in response.content.decode() or status == 400
    assert state_of(attempt) == before


def test_replayed_form_is_refused_when_the_learner_went_on(
    learner_client, scenario_page
):
    attempt = start(learner_client, scenario_page)
    old_form = {
        "action": "choice",
        "attempt": attempt.pk,
        "step": "s1",
        "moves": 0,
        "choice": "c2",
    }
    choose(learner_client, scenario_page, attempt, "c1")
    before = state_of(attempt)
    response = learner_client.post(scenario_page.url + "speel/", old_form)
    assert response.status_code == 409
    assert "Er is niets veranderd" in response.content.decode()
    assert state_of(attempt) == before


def test_missing_choice_shows_error_summary_when_nothing_was_chosen(
    learner_client, scenario_page
):
    attempt = start(learner_client, scenario_page)
    response = choose(learner_client, scenario_page, attempt, "")
    assert response.status_code == 400
    html = response.content.decode()
    assert "bb-errorsummary" in html
    assert "Kies een antwoord." in html
    assert state_of(attempt)[1] == 0


def test_other_learner_cannot_see_a_result_when_it_is_not_theirs(
    client, learner_client, scenario_course, scenario_page
):
    attempt = start(learner_client, scenario_page)
    choose(learner_client, scenario_page, attempt, "c2")
    choose(learner_client, scenario_page, attempt, "c2")
    other = UserFactory()
    from courses.services import enrolment_create

    enrolment_create(user=other, course=scenario_course.course)
    client.force_login(other)
    response = client.get(f"{scenario_page.url}poging/{attempt.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "choice"},
        {"action": "choice", "attempt": "1", "moves": "0"},
        {"action": "choice", "attempt": "-1", "moves": "-1", "step": "x" * 5000},
        {"action": "back", "attempt": "1", "moves": "0", "step": "s1"},
        {"action": "choice", "attempt": "1e9", "moves": "1", "choice": "\x00"},
        {"action": ["choice", "back"], "attempt": ["1", "2"], "moves": "0"},
        {"action": "choice", "attempt": "99999999999999999999", "moves": "0"},
    ],
)
def test_odd_posts_never_give_a_server_error_when_fuzzed(
    learner_client, scenario_page, data
):
    start(learner_client, scenario_page)
    for url in (scenario_page.url + "speel/", scenario_page.url):
        response = learner_client.post(url, data)
        assert response.status_code < 500


def test_play_without_attempt_is_refused_when_posting(learner_client, scenario_page):
    response = learner_client.post(
        scenario_page.url + "speel/", {"action": "choice", "choice": "c1"}
    )
    assert response.status_code == 409
    assert not ScenarioAttempt.objects.exists()


# Page routing (site, one query per tree level, view restrictions), session, user,
# enrolment, attempt with its version, site settings and permissions in the
# header: the same for any scenario size.
STEP_QUERIES = 22
CHOICE_QUERIES = 24


@pytest.mark.parametrize("steps", [10, 200])
def test_step_is_served_in_bounded_queries_when_the_scenario_grows(
    learner_client, scenario_course, django_assert_max_num_queries, steps
):
    page = scenario_page_create(
        scenario_course.tree.modules[0],
        chain_definition(steps),
        slug=f"keten-{steps}",
        title=f"Keten {steps}",
    )
    attempt = start(learner_client, page)
    choose(learner_client, page, attempt, "c1")
    learner_client.get(page.url + "speel/")  # warm the parse cache
    with django_assert_max_num_queries(STEP_QUERIES):
        response = learner_client.get(page.url + "speel/")
    assert response.status_code == 200
    with django_assert_max_num_queries(CHOICE_QUERIES):
        response = choose(learner_client, page, attempt, "c2")
    assert response.status_code == 302


def test_step_query_count_is_the_same_when_scenario_has_10_or_200_steps(
    learner_client, scenario_course
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for steps in (10, 200):
        page = scenario_page_create(
            scenario_course.tree.modules[0],
            chain_definition(steps),
            slug=f"keten-{steps}",
            title=f"Keten {steps}",
        )
        attempt = start(learner_client, page)
        choose(learner_client, page, attempt, "c1")
        learner_client.get(page.url + "speel/")
        with CaptureQueriesContext(connection) as queries:
            learner_client.get(page.url + "speel/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
