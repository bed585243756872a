"""At a 320 px wide viewport (WCAG 1.4.10, reflow) no page scrolls sideways: the
manager's dashboard, a quiz result, a scenario's introduction and a lesson, with
what real content brings (long Dutch compounds, long web addresses, a dashboard
with many required courses). Wide tables scroll inside a labelled region that
the keyboard can reach; axe-core checks each page at that width."""

import datetime
import re

from assessments.scenarios.services import skill_tags_ensure
from assessments.services import attempt_start, attempt_submit
from courses.models import LessonPage
from courses.services import enrolment_create
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
)
from tests.factories.courses import course_tree_create, publish_child
from tests.factories.organisations import (
    MembershipFactory,
    OrganisationFactory,
    manager_create,
    requirement_create,
)
from tests.factories.scenarios import scenario_page_create, scenario_play
from tests.factories.users import UserFactory

SMALL_SCREEN = {"width": 320, "height": 640}
LONG_WORD = "Minderheidsstressmodelonderzoeksresultaten"
LONG_URL = (
    "https://www.trimbos.nl/kennis/drugs/3-mmc-en-andere-nieuwe-psychoactieve-"
    "stoffen/factsheet-markt-na-het-verbod-2025"
)
LONG_TEXT = f"<p>{LONG_WORD} staan op {LONG_URL} en elders.</p>"


# The innermost elements that stick out on the right, to say what to fix.
STICKING_OUT = """(limit) => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > limit + 1
        && ![...el.children].some((c) => c.getBoundingClientRect().right > limit + 1))
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.className}: ${el.textContent.slice(0, 40)}`)"""


def assert_reflows(page, url: str) -> None:
    with page.expect_navigation():
        page.goto(url)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    limit = SMALL_SCREEN["width"]
    assert width <= limit, (
        f"{url} is {width} px wide: {page.evaluate(STICKING_OUT, limit)}"
    )
    assert_no_axe_violations(page)


def _lesson_create(module) -> LessonPage:
    return publish_child(
        module,
        LessonPage(
            title=f"De markt na het verbod: {LONG_WORD}",
            slug="markt-na-het-verbod",
            body=[
                ("heading", {"text": LONG_WORD, "level": "h2"}),
                ("text", LONG_TEXT),
                (
                    "sources",
                    {
                        "items": [
                            {
                                "title": LONG_WORD,
                                "publisher": "Trimbos-instituut",
                                "url": LONG_URL,
                                "year": "2025",
                            }
                        ]
                    },
                ),
            ],
            content_owner="Redactie",
            review_by=datetime.date(2030, 1, 1),
        ),
    )


def test_learner_and_manager_pages_reflow_when_the_screen_is_320_px_wide(
    browser, live_server, site
):
    tree = course_tree_create(site, title=f"3-MMC en {LONG_WORD}", slug="lang")
    lesson = _lesson_create(tree.modules[0])
    question = question_create(
        category=category_create(),
        text=LONG_TEXT,
        explanation=f"Zie {LONG_URL}",
        sources=f"{LONG_WORD} ({LONG_URL})",
    )
    quiz = quiz_create(tree.modules[0], questions=[question], title=LONG_WORD)
    skill_tags_ensure()  # a transactional test's flush removes the seeded tags
    scenario = scenario_page_create(
        tree.modules[1], title=f"Scenario: {LONG_WORD}", intro=LONG_TEXT
    )
    learner = UserFactory()
    enrolment_create(user=learner, course=tree.course)
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=learner,
        data=form_data(attempt.questions),
        indexes=range(len(attempt.questions)),
    )
    scenario_play(learner, scenario, "c1")

    organisation = OrganisationFactory(name=f"Huisartsenpraktijk {LONG_WORD}")
    for number in range(6):
        course = course_tree_create(
            site,
            title=f"Verplichte nascholing {number}: {LONG_WORD}",
            slug=f"verplicht-{number}",
            modules=0,
        ).course
        requirement_create(organisation, course)
    member = MembershipFactory(organisation=organisation, user=learner)
    manager = manager_create(organisation)

    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, viewport=SMALL_SCREEN
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, learner)
    assert_reflows(page, lesson.url)
    assert_reflows(page, f"/toetsen/poging/{attempt.public_id}/uitslag/")
    assert_reflows(page, scenario.url)
    context.close()

    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, viewport=SMALL_SCREEN
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, manager)
    assert_reflows(page, f"/organisatie/{organisation.pk}/dashboard/")
    # the wide table scrolls in a region the keyboard reaches, named by its caption
    region = page.get_by_role("region", name=re.compile(r"^2 personen"))
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert_reflows(page, f"/organisatie/{organisation.pk}/personen/{member.pk}/")
    context.close()
