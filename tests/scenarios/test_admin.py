"""Authoring in the Wagtail admin: tree rules, validation on save and publish,
the map panel, the full map, and the preview that plays the scenario."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from assessments.scenarios.engine import parse_definition
from assessments.scenarios.models import ScenarioPage
from courses.models import LessonPage, ModulePage
from tests.factories.scenarios import (
    sample_definition,
    scenario_page_build,
    scenario_page_create,
)
from tests.factories.users import UserFactory
from tests.scenarios.admin_forms import scenario_form_data

pytestmark = pytest.mark.django_db


def broken_definition() -> dict:
    """s3 leads nowhere that exists and e_neutraal can no longer be reached."""
    definition = sample_definition()
    s3 = definition["steps"][2]
    s3["choices"] = [dict(s3["choices"][0], target="s_weg")]
    return definition


def shape(definition: dict) -> list:
    """The graph without texts (rich text gains editor attributes)."""
    scenario = parse_definition(definition)
    return [
        (
            step.key,
            step.is_ending,
            [
                (c.key, c.target, c.effects, c.skills, c.points, c.condition, c.routes)
                for c in step.choices
            ],
        )
        for step in scenario.steps
    ]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


class TestTree(WagtailTestUtils):
    def test_scenario_page_sits_only_in_a_module_when_created(self):
        assert ScenarioPage in ModulePage.allowed_subpage_models()
        assert LessonPage in ModulePage.allowed_subpage_models()
        assert ScenarioPage.allowed_parent_page_models() == [ModulePage]
        assert ScenarioPage.allowed_subpage_models() == []


def test_publishing_in_code_is_refused_when_the_graph_is_invalid(scenario_course):
    module = scenario_course.tree.modules[0]
    page = scenario_page_build(broken_definition(), slug="kapot", live=False)
    module.add_child(instance=page)  # a draft may be unfinished
    with pytest.raises(ValidationError) as error:
        page.save_revision().publish()
    text = " ".join(error.value.messages)
    assert "keuze 'c1' van stap 's3' (Afsluiting)" in text
    assert "'s_weg'" in text
    assert "Stap 'e_neutraal' (Een kort consult) is niet bereikbaar" in text
    page.refresh_from_db()
    assert not page.live


def test_admin_publish_is_refused_with_step_names_when_the_graph_is_invalid(
    admin_client, scenario_course
):
    module = scenario_course.tree.modules[0]
    url = reverse(
        "wagtailadmin_pages:add", args=["scenarios", "scenariopage", module.pk]
    )
    data = scenario_form_data(broken_definition(), slug="kapot")
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "kan zo niet gepubliceerd worden" in html
    assert "stap &#x27;s3&#x27; (Afsluiting)" in html
    assert not ScenarioPage.objects.filter(slug="kapot").exists()


def test_admin_saves_a_draft_when_the_graph_is_unfinished(
    admin_client, scenario_course
):
    module = scenario_course.tree.modules[0]
    url = reverse(
        "wagtailadmin_pages:add", args=["scenarios", "scenariopage", module.pk]
    )
    data = scenario_form_data(broken_definition(), slug="concept")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = ScenarioPage.objects.get(slug="concept")
    assert not page.live
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = edit.content.decode()
    assert "zo kan het scenario niet gepubliceerd worden" in html
    assert "<svg" in html
    assert "Onbereikbaar" in html


def test_admin_publishes_when_the_graph_is_valid(admin_client, scenario_course):
    module = scenario_course.tree.modules[0]
    url = reverse(
        "wagtailadmin_pages:add", args=["scenarios", "scenariopage", module.pk]
    )
    data = scenario_form_data(sample_definition(), slug="goed")
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ScenarioPage.objects.get(slug="goed")
    assert page.live
    assert shape(page.definition()) == shape(sample_definition())


def test_edit_page_shows_map_and_score_range_when_valid(admin_client, scenario_page):
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[scenario_page.pk])
    ).content.decode()
    assert "Geen fouten gevonden" in html
    assert "Scorebereik over alle paden" in html
    assert 'role="img"' in html


def test_full_map_marks_unreachable_steps_when_the_draft_has_them(
    admin_client, scenario_page
):
    from assessments.scenarios.authoring import streams_from_definition

    _vars, steps = streams_from_definition(broken_definition())
    scenario_page.steps = steps
    scenario_page.save_revision(clean=False)  # a draft, as the admin saves it
    response = admin_client.get(reverse("scenarios_admin:map", args=[scenario_page.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Onbereikbaar" in html
    assert "e_neutraal" in html
    assert "Fouten (blokkeren publiceren)" in html


def test_full_map_is_refused_when_the_user_may_not_edit(client, scenario_page):
    client.force_login(UserFactory())
    response = client.get(reverse("scenarios_admin:map", args=[scenario_page.pk]))
    assert response.status_code in {302, 403}


def test_preview_plays_the_scenario_when_choices_are_posted(
    admin_client, scenario_page
):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[scenario_page.pk])
    data = scenario_form_data(sample_definition())
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "Stap 1: Opening" in html
    action = html.split('class="bb-form bb-scenario-form"')[0].rsplit('action="', 1)
    playtest = action[1].split('"')[0]
    assert playtest.startswith("/beheer/scenarios/voorbeeld/")
    response = admin_client.post(
        playtest, {"action": "choice", "step": "s1", "moves": "0", "choice": "c1"}
    )
    assert response.status_code == 302
    html = admin_client.get(playtest).content.decode()
    assert "Goed: een open vraag." in html
    assert "vertrouwen = 3" in html
    stale = admin_client.post(
        playtest, {"action": "choice", "step": "s1", "moves": "0", "choice": "c1"}
    )
    assert stale.status_code == 409
    map_html = admin_client.get(url, {"mode": "kaart"}).content.decode()
    assert "<svg" in map_html


def test_playtest_is_not_found_when_the_token_is_unknown(admin_client):
    response = admin_client.get(reverse("scenarios_admin:playtest", args=["nope"]))
    assert response.status_code == 404


def test_skill_tags_are_seeded_when_migrated(db):
    from assessments.scenarios.models import SkillTag

    labels = dict(SkillTag.objects.values_list("key", "label"))
    assert labels["verandertaal"] == "Verandertaal uitlokken"
    assert labels["stigmavrij"] == "Stigmavrije taal"
    assert len(labels) >= 9


def test_unknown_skill_tag_blocks_publishing_when_not_configured(scenario_course):
    definition = sample_definition()
    definition["steps"][0]["choices"][0]["skills"] = ["gedachtenlezen"]
    with pytest.raises(ValidationError) as error:
        scenario_page_create(scenario_course.tree.modules[0], definition, slug="x")
    assert "onbekende vaardigheid 'gedachtenlezen'" in " ".join(error.value.messages)


def test_add_form_explains_the_map_when_there_are_no_steps_yet(
    admin_client, scenario_course
):
    module = scenario_course.tree.modules[0]
    url = reverse(
        "wagtailadmin_pages:add", args=["scenarios", "scenariopage", module.pk]
    )
    html = admin_client.get(url).content.decode()
    assert "Nog geen stappen" in html
    assert "Open vraag" in html  # skill tags offered as checkboxes


def test_skill_tags_are_listed_in_the_snippet_admin_when_opened(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_scenarios_skilltag:list"))
    assert response.status_code == 200
    assert "Meebewegen met weerstand" in response.content.decode()


def test_edit_page_offers_map_and_analytics_buttons_when_trainer(
    admin_client, scenario_page
):
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[scenario_page.pk])
    ).content.decode()
    assert reverse("scenarios_admin:map", args=[scenario_page.pk]) in html
    assert reverse("scenarios_admin:analytics", args=[scenario_page.pk]) in html
