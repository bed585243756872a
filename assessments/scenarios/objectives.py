"""Tying a scenario's conversation steps to the learning objectives of its
course (``ScenarioStepObjective``): the one write, and the reads the tie form
needs. Steps are named by key; endings assess nothing and are not offered."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.scenarios.models import ScenarioPage, ScenarioStepObjective
from courses.models import CoursePage, LearningObjective


def scenario_course(*, page: ScenarioPage) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(page).first()


def choice_steps(*, page: ScenarioPage) -> list[dict]:
    """The live definition's steps that have choices, in order."""
    return [step for step in page.definition()["steps"] if not step["is_ending"]]


def step_ties(*, page: ScenarioPage) -> dict[str, set[int]]:
    ties: dict[str, set[int]] = {}
    for key, objective_id in ScenarioStepObjective.objects.filter(
        page=page
    ).values_list("step_key", "objective_id"):
        ties.setdefault(key, set()).add(objective_id)
    return ties


@transaction.atomic
def scenario_step_objectives_set(
    *, page: ScenarioPage, ties: dict[str, set[int]]
) -> int:
    """Make the page's ties exactly ``ties`` (step key -> objective ids); steps
    not named keep none. Only objectives of the page's own course and keys of
    its steps are accepted (``ValidationError`` otherwise). Setting the same
    ties again changes nothing. Returns the number of ties afterwards."""
    course = scenario_course(page=page)
    allowed = set(
        LearningObjective.objects.filter(course=course).values_list("pk", flat=True)
    )
    keys = {step["key"] for step in choice_steps(page=page)}
    wanted = {
        (key, objective_id)
        for key, objective_ids in ties.items()
        for objective_id in objective_ids
    }
    if any(key not in keys for key, _objective in wanted):
        raise ValidationError(_("Deze stap bestaat niet (meer) in het scenario."))
    if any(objective not in allowed for _key, objective in wanted):
        raise ValidationError(_("Kies alleen leerdoelen van deze cursus."))
    current = ScenarioStepObjective.objects.select_for_update().filter(page=page)
    for tie in current:
        if (tie.step_key, tie.objective_id) not in wanted:
            tie.delete()
    for key, objective_id in wanted:
        ScenarioStepObjective.objects.get_or_create(
            page=page, step_key=key, objective_id=objective_id
        )
    return len(wanted)
