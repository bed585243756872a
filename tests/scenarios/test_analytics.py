"""Trainers' analytics and transcripts; who may see them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from assessments.scenarios.analytics import AttemptRow, scenario_stats
from assessments.scenarios.engine import parse_definition
from assessments.scenarios.selectors import ANALYTICS_GROUPS_HOOK
from courses.services import enrolment_create
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.scenarios import sample_definition, scenario_play
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


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
        "gp": scenario_play(people["gp"], scenario_page, "c1", "c3"),
        "cop": scenario_play(people["cop"], scenario_page, "c2", "c2"),
        "busy": scenario_play(people["busy"], scenario_page, "c2"),
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


def csv_counts(response, step="s1"):
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    return {row[2]: int(row[5]) for row in rows[1:] if row[0] == step}


def test_group_select_is_absent_when_no_hook_offers_groups(
    client, trainer, scenario_page, played
):
    client.force_login(trainer)
    url = reverse("scenarios_admin:analytics", args=[scenario_page.pk])
    html = client.get(url).content.decode()
    assert 'name="organisatie"' not in html
    assert 'name="beroep"' in html


def test_analytics_and_csv_count_only_the_group_when_a_hooked_group_is_chosen(
    client, trainer, scenario_page, played
):
    people, _attempts = played
    ids = [people["gp"].pk, people["busy"].pk]

    def groups():
        return [("team:7", "Team Zeven", iter(ids))]  # any iterable of ids

    client.force_login(trainer)
    url = reverse("scenarios_admin:analytics", args=[scenario_page.pk])
    with hooks.register_temporarily(ANALYTICS_GROUPS_HOOK, groups):
        html = client.get(url).content.decode()
        assert '<label for="organisatie">Organisatie</label>' in html
        assert '<option value="team:7">Team Zeven</option>' in html
        chosen = client.get(url, {"organisatie": "team:7"}).content.decode()
        assert "Gestart: 2" in chosen
        assert "Afgerond: 1" in chosen
        assert '<option value="team:7" selected>' in chosen
        assert "organisatie=team%3A7&amp;format=csv" in chosen
        both = client.get(url, {"organisatie": "team:7", "beroep": "politie"})
        assert "Gestart: 1" in both.content.decode()
        export = client.get(url, {"organisatie": "team:7", "format": "csv"})
        assert "team-7" in export["Content-Disposition"]
        assert csv_counts(export) == {"c1": 1, "c2": 1}


@pytest.mark.parametrize("value", ["team:8", "team:", "<b>team</b>", "x" * 2000])
def test_unknown_group_is_ignored_with_a_message_when_filtering(
    client, trainer, scenario_page, played, value
):
    def groups():
        return [("team:7", "Team Zeven", [])]

    client.force_login(trainer)
    url = reverse("scenarios_admin:analytics", args=[scenario_page.pk])
    with hooks.register_temporarily(ANALYTICS_GROUPS_HOOK, groups):
        response = client.get(url, {"organisatie": value})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Onbekende organisatie" in html
        assert "Gestart: 3" in html
        assert f'value="{value}"' not in html  # never echoed back
        assert "&lt;b&gt;team" not in html
        assert "<b>team" not in html
        export = client.get(url, {"organisatie": value, "format": "csv"})
        assert export.status_code == 400
        assert b"stap" not in export.content


def test_organisation_filter_counts_only_current_members_when_chosen(
    client, trainer, scenario_page, played
):
    people, _attempts = played
    practice = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    MembershipFactory(organisation=practice, user=people["gp"])
    former = MembershipFactory(organisation=practice, user=people["cop"])
    former.end_date = timezone.localdate() - datetime.timedelta(days=1)
    former.save()
    OrganisationFactory(name="Politie-eenheid Oost")

    client.force_login(trainer)
    url = reverse("scenarios_admin:analytics", args=[scenario_page.pk])
    html = client.get(url).content.decode()
    key = f"organisation:{practice.pk}"
    assert f'<option value="{key}">Huisartsenpraktijk De Linde</option>' in html
    assert "Politie-eenheid Oost" in html
    chosen = client.get(url, {"organisatie": key}).content.decode()
    assert "Gestart: 1" in chosen
    export = client.get(url, {"organisatie": key, "format": "csv"})
    assert csv_counts(export) == {"c1": 1, "c2": 0}


def test_reading_a_transcript_is_logged_as_viewed(
    client, trainer, scenario_page, played
):
    from training.models import PrivacyLogEntry

    people, attempts = played
    client.force_login(trainer)
    client.get(reverse("scenarios_admin:transcript", args=[attempts["cop"].pk]))

    entry = PrivacyLogEntry.objects.get()
    assert (entry.actor, entry.subject, entry.source, entry.context) == (
        trainer,
        people["cop"],
        "scenario_transcript",
        scenario_page.title,
    )
