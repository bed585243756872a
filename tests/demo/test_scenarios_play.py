"""Issue 14 item 7: the changed and new scenarios are live in the loaded demo and
play to an ending over HTTP. A learner enrolled in the course plays the good
route and reaches the positive ending (passed), and plays a route that skips the
safety-critical step and finishes elsewhere."""

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.scenarios.models import ScenarioAttempt, ScenarioPage
from courses.services import enrolment_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

# slug: (good route, route that skips the safety-critical step), as choice keys
ROUTES = {
    "scenario-huisarts-slaapmiddel": (
        ["c1", "c1", "c1", "c1", "c1", "c1", "c1", "c1", "c1"],
        # prescribes first, then plays the rest well
        ["c2", "c1", "c1", "c1", "c1", "c1", "c1", "c1", "c1", "c1"],
    ),
    "scenario-testservice-uitslag": (
        ["c1", "c1", "c1", "c1", "c1", "c1", "c1", "c1"],
        # 'take half' at s3, then 'take half' again at s_dosis
        ["c1", "c1", "c3", "c1", "c1", "c1", "c1", "c1", "c2"],
    ),
    "scenario-seh-ghb-onrust": (
        ["c1", "c1", "c1", "c1", "c1", "c1"],
        # sedation without monitoring at s2
        ["c1", "c2", "c1", "c1", "c1", "c1"],
    ),
    "scenario-seksuoloog-chemsex": (
        ["c1", "c1", "c1", "c1", "c1", "c1", "c1"],
        # does not ask when it happened
        ["c1", "c1", "c1", "c2", "c1", "c1"],
    ),
    "scenario-vrijwilliger-feest": (
        ["c1", "c1", "c1", "c1", "c1", "c1"],
        # lets her sleep it off, calls 112 late
        ["c1", "c2", "c1", "c1", "c1", "c1", "c1"],
    ),
    "scenario-wijkagent-psychose": (
        ["c1", "c1", "c1", "c1", "c1", "c1"],
        # prone hold at s4
        ["c1", "c1", "c1", "c2", "c1", "c1"],
    ),
}


def _play(client, page, choices):
    assert client.post(page.url).status_code == 302
    attempt = ScenarioAttempt.objects.get(status="in_progress", page=page)
    for choice in choices:
        attempt.refresh_from_db()
        response = client.post(
            page.url + "speel/",
            {
                "action": "choice",
                "attempt": attempt.pk,
                "step": attempt.step,
                "moves": attempt.moves,
                "choice": choice,
            },
        )
        assert response.status_code == 302, (page.slug, attempt.step, choice)
    attempt.refresh_from_db()
    return attempt


def test_new_and_changed_scenarios_play_to_their_endings(client):
    call_command("load_demo_content", stdout=StringIO())
    learner = UserFactory()
    client.force_login(learner)
    for slug, (good, unsafe) in ROUTES.items():
        page = ScenarioPage.objects.live().get(slug=slug, locale__language_code="nl")
        enrolment_create(user=learner, course=page.get_parent().get_parent().specific)
        attempt = _play(client, page, good)
        assert attempt.status == "finished", (slug, attempt.step)
        assert (attempt.outcome, attempt.passed) == ("positive", True), slug
        attempt = _play(client, page, unsafe)
        assert attempt.status == "finished", (slug, attempt.step)
        assert attempt.outcome != "positive", slug
