"""The demo scenarios: loaded, valid, rich enough, idempotent."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from assessments.scenarios.engine import parse_definition
from assessments.scenarios.models import ScenarioPage
from demo.accounts import TRAINERS_GROUP

pytestmark = pytest.mark.django_db


def test_demo_scenarios_are_loaded_once_and_valid_when_run_twice():
    call_command("load_demo_content", stdout=StringIO())
    revisions = {
        page.pk: page.latest_revision_id for page in ScenarioPage.objects.all()
    }
    assert len(revisions) >= 1
    call_command("load_demo_content", stdout=StringIO())
    pages = list(ScenarioPage.objects.all())
    assert {page.pk: page.latest_revision_id for page in pages} == revisions
    for page in pages:
        assert page.live
        assert page.check_definition().is_valid, page.check_definition().errors
    trainers = Group.objects.get(name=TRAINERS_GROUP)
    assert trainers.permissions.filter(codename="view_scenario_transcripts").exists()


def test_demo_course_has_a_rich_scenario_when_loaded():
    call_command("load_demo_content", stdout=StringIO())
    rich = []
    for page in ScenarioPage.objects.all():
        scenario = parse_definition(page.definition())
        routed = {
            route.condition.variable
            for step in scenario.steps
            for choice in step.choices
            for route in choice.routes
        }
        skills = {
            skill for step in scenario.steps for c in step.choices for skill in c.skills
        }
        if (
            len(scenario.steps) >= 10
            and sum(step.is_ending for step in scenario.steps) >= 3
            and routed & {v.name for v in scenario.variables}
            and skills
        ):
            rich.append(page.slug)
    assert "scenario-huisarts-slaapmiddel" in rich


def test_scenario_translation_is_loaded_once_when_run_twice(scenario_page):
    from wagtail.models import Locale

    from demo.loaders.scenarios import scenario_translate
    from tests.factories.scenarios import sample_definition

    locale, _created = Locale.objects.get_or_create(language_code="en")
    scenario_page.get_parent().copy_for_translation(locale, copy_parents=True)
    definition = sample_definition()
    definition["steps"][0]["text"] = "<p>Can you prescribe something?</p>"
    data = {"slug": scenario_page.slug, "title": "Practice", "definition": definition}
    assert scenario_translate(scenario_page, locale, data)
    english = scenario_page.get_translation(locale).specific
    assert english.live
    assert english.definition()["steps"][0]["text"] == definition["steps"][0]["text"]
    assert not scenario_translate(scenario_page, locale, data)
