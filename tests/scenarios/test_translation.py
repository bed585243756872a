"""Learners with an English interface play a live English translation of a
scenario at the same address; attempts stay on the Dutch source page."""

import pytest
from django.conf import settings
from wagtail.models import Locale

from assessments.scenarios.models import ScenarioAttempt
from courses.selectors import course_completion_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(scenario_page):
    locale, _created = Locale.objects.get_or_create(language_code="en")
    page = scenario_page.copy_for_translation(locale, copy_parents=True).specific
    page.title = "Practice conversation"
    steps = page.steps.raw_data
    steps[0]["value"]["text"] = "<p>Can you prescribe something?</p>"
    page.steps = list(steps)
    page.save_revision().publish()
    return page


def test_english_interface_plays_the_translation_when_one_is_live(
    learner_client, learner, scenario_course, scenario_page, english
):
    learner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    intro = learner_client.get(scenario_page.url).content.decode()
    assert "Practice conversation" in intro
    learner_client.post(scenario_page.url)
    html = learner_client.get(scenario_page.url + "speel/").content.decode()
    assert "Can you prescribe something?" in html
    attempt = ScenarioAttempt.objects.get()
    assert attempt.page_id == scenario_page.pk
    for choice in ("c1", "c3"):
        attempt.refresh_from_db()
        learner_client.post(
            scenario_page.url + "speel/",
            {
                "action": "choice",
                "attempt": attempt.pk,
                "step": attempt.step,
                "moves": attempt.moves,
                "choice": choice,
            },
        )
    status = course_completion_status(user=learner, course=scenario_course.course)
    assert next(r for r in status.requirements if r.kind == "scenario").done


def test_dutch_interface_plays_the_source_when_a_translation_exists(
    learner_client, scenario_page, english
):
    learner_client.post(scenario_page.url)
    html = learner_client.get(scenario_page.url + "speel/").content.decode()
    assert "Kunt u me iets voorschrijven?" in html
