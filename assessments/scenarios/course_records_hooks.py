"""How scenarios take part in a course's accreditation records (the hook of
``courses.course_records``): each conversation step with choices is a column of
the alignment matrix, tied to objectives through ``ScenarioStepObjective``; each
scenario a study-time item (the steps on the longest of the shortest routes to an
ending, plus audio running times). Imported by the app's ``wagtail_hooks``."""

from collections import defaultdict

from django.urls import reverse
from wagtail import hooks

from assessments.scenarios.engine import DefinitionError, bfs_depths, parse_definition
from assessments.scenarios.models import ScenarioPage, ScenarioStepObjective
from courses.accreditation import STEP, AlignedItem, scenario_item
from courses.course_records import ASSESSED_CONTENT_HOOK, AssessedContent

# Above this many steps the longest route is not searched (it grows
# exponentially); the furthest ending by its shortest route is used instead.
LONGEST_ROUTE_MAX_STEPS = 30


def _longest_route(scenario, key: str, seen: frozenset) -> int:
    step = scenario.steps_by_key.get(key)
    if step is None or step.is_ending:
        return 0
    targets = {
        target
        for choice in step.choices
        for target in (choice.target, *(route.target for route in choice.routes))
        if target not in seen
    }
    return 1 + max(
        (_longest_route(scenario, t, seen | {t}) for t in targets), default=0
    )


def steps_passed(definition: dict) -> int:
    """Choice steps on the longest route without repeats from the start to an
    ending (a learner who takes every detour); 0 for a definition the engine
    cannot read."""
    try:
        scenario = parse_definition(definition)
    except DefinitionError:
        return 0
    if len(scenario.steps) <= LONGEST_ROUTE_MAX_STEPS:
        return _longest_route(scenario, scenario.start, frozenset({scenario.start}))
    depths = bfs_depths(scenario)
    endings = [step.key for step in scenario.steps if step.is_ending]
    return max((depths[key] for key in endings if key in depths), default=0)


def _audio_seconds(page: ScenarioPage) -> list[int | None]:
    return [
        (block.get("value") or {}).get("audio_seconds") or None
        for block in page.steps.raw_data
        if (block.get("value") or {}).get("audio")
    ]


@hooks.register(ASSESSED_CONTENT_HOOK)
def scenario_assessed_content(*, course) -> AssessedContent:
    pages = list(ScenarioPage.objects.live().descendant_of(course).order_by("path"))
    ties: dict[tuple[int, str], set[int]] = defaultdict(set)
    for page_id, step_key, objective_id in ScenarioStepObjective.objects.filter(
        page__in=pages
    ).values_list("page_id", "step_key", "objective_id"):
        ties[(page_id, step_key)].add(objective_id)
    items = []
    study = []
    for page in pages:
        definition = page.definition()
        tie_url = reverse("scenarios_admin:objectives", args=[page.pk])
        for step in definition["steps"]:
            if step["is_ending"]:
                continue
            items.append(
                AlignedItem(
                    key=f"step-{page.pk}-{step['key']}",
                    kind=STEP,
                    label=f"{step['key']}: {step['title']}",
                    group=page.title,
                    objective_ids=frozenset(ties[(page.pk, step["key"])]),
                    edit_url=tie_url,
                )
            )
        study.append(
            scenario_item(
                title=page.title,
                steps_passed=steps_passed(definition),
                media_seconds=_audio_seconds(page),
                claimed=page.minutes,
            )
        )
    return AssessedContent(items=items, study=study)
