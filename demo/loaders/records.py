"""Accreditation records of the demo courses, from each course YAML's
``authorship`` and ``objectives`` keys (after the courses, their questions and
scenarios are loaded).

``objectives`` follows ``learning_goals`` item by item: objective LD<n> takes its
text from goal n and names its CanMEDS roles, the question keys and the scenario
steps (``{scenario slug: [step keys]}``) that assess it. Idempotent: a course is
published again only when its authorship changed, and ties are set, not added.
"""

import re

from django.db import transaction
from django.utils.html import strip_tags

from assessments.models import Question
from assessments.scenarios.models import ScenarioPage, ScenarioStepObjective
from courses.models import (
    CanMedsRole,
    ContributorRole,
    CourseContributor,
    CoursePage,
    LearningObjective,
)
from demo.loaders.cards import read_yaml
from demo.loaders.courses import catalogue_ensure, course_files
from demo.loaders.streams import ContentError


def _contributors(authorship: dict) -> list[dict]:
    people = [
        {"role": ContributorRole.AUTHOR, **person}
        for person in authorship.get("authors") or []
    ]
    for person in authorship.get("reviewers") or []:
        people.append({"role": person.get("role", "external_reviewer"), **person})
    return [
        {
            "name": person["name"],
            "role": person["role"],
            "profession": person.get("profession") or "",
            "reviewed_on": person.get("reviewed_on"),
            "reviewed_scope": person.get("reviewed_scope") or "",
        }
        for person in people
    ]


def course_authorship_load(course: CoursePage, data: dict, where: str) -> bool:
    """Authors, reviewers and the conflict-of-interest statement; True if the
    course was published again."""
    authorship = data.get("authorship")
    if not authorship:
        raise ContentError(f"{where}: no authorship (authors, reviewers, statement)")
    wanted = _contributors(authorship)
    fields = ("name", "role", "profession", "reviewed_on", "reviewed_scope")
    current = [
        {name: getattr(person, name) for name in fields}
        for person in course.contributors.all()
    ]
    statement = authorship.get("conflict_of_interest") or ""
    last_review = authorship.get("last_full_review")
    if (
        current == wanted
        and course.conflict_of_interest == statement
        and course.last_full_review_on == last_review
    ):
        return False
    course.contributors = [CourseContributor(**person) for person in wanted]
    course.conflict_of_interest = statement
    course.last_full_review_on = last_review
    for person in course.contributors.all():
        person.full_clean(exclude=["course"])
    course.save_revision().publish()
    return True


def _goal_text(goal: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(goal)).strip()


def course_objectives_load(course: CoursePage, data: dict, where: str) -> None:
    """Objectives LD1.. from the learning goals, their roles and their ties."""
    goals = data.get("learning_goals") or []
    entries = data.get("objectives") or []
    if len(entries) != len(goals):
        raise ContentError(
            f"{where}: {len(goals)} learning goals but {len(entries)} objectives"
        )
    questions = {q.key: q for q in Question.objects.sources()}
    scenarios = {page.slug: page for page in ScenarioPage.objects.descendant_of(course)}
    kept = []
    for number, (goal, entry) in enumerate(zip(goals, entries, strict=True), 1):
        roles = list(entry.get("canmeds") or [])
        unknown = set(roles) - set(CanMedsRole.values)
        if not roles or unknown:
            raise ContentError(f"{where}: objective {number}: roles {roles}")
        objective, _created = LearningObjective.objects.update_or_create(
            course=course,
            code=f"LD{number}",
            defaults={
                "text": _goal_text(goal),
                "canmeds_roles": roles,
                "sort_order": number,
            },
        )
        kept.append(objective.pk)
        _tie_questions(objective, entry.get("questions") or [], questions, where)
        _tie_steps(objective, entry.get("steps") or {}, scenarios, where)
    LearningObjective.objects.filter(course=course).exclude(pk__in=kept).delete()


def _tie_questions(objective, keys, questions, where) -> None:
    missing = [key for key in keys if key not in questions]
    if missing:
        raise ContentError(f"{where}: {objective.code}: unknown questions {missing}")
    wanted = {questions[key].pk for key in keys}
    for question in objective.questions.exclude(pk__in=wanted):
        question.objectives.remove(objective)
    ties = Question.objectives.through
    for pk in wanted:
        ties.objects.get_or_create(question_id=pk, learningobjective_id=objective.pk)


def _tie_steps(objective, steps: dict, scenarios, where) -> None:
    wanted = set()
    for slug, keys in steps.items():
        page = scenarios.get(slug)
        if page is None:
            raise ContentError(f"{where}: {objective.code}: unknown scenario {slug}")
        known = {step["key"] for step in page.definition()["steps"]}
        missing = [key for key in keys if key not in known]
        if missing:
            raise ContentError(f"{where}: {slug}: unknown steps {missing}")
        wanted |= {(page.pk, key) for key in keys}
    existing = ScenarioStepObjective.objects.filter(objective=objective)
    for tie in existing:
        if (tie.page_id, tie.step_key) not in wanted:
            tie.delete()
    for page_id, key in wanted:
        ScenarioStepObjective.objects.get_or_create(
            page_id=page_id, step_key=key, objective=objective
        )


@transaction.atomic
def course_records_load(home) -> int:
    """Authorship and objectives of every demo course; returns how many
    courses have objectives."""
    catalogue = catalogue_ensure(home)
    count = 0
    for path in course_files():
        data = read_yaml(path)
        course = CoursePage.objects.child_of(catalogue).get(slug=data["slug"])
        course_authorship_load(course, data, path.name)
        course_objectives_load(course, data, path.name)
        count += 1
    return count
