"""Fixtures for quiz tests: a course with an enrolled learner and a quiz that
holds one question of every type."""

import pytest

from courses.services import enrolment_create
from tests.factories.assessments import (
    ALL_TYPES,
    category_create,
    question_create,
    quiz_create,
)


@pytest.fixture
def category(db):
    return category_create(name="3-MMC", slug="nps")


@pytest.fixture
def questions(category):
    return [question_create(category=category, type=kind) for kind in ALL_TYPES]


@pytest.fixture
def enrolled(course_tree, user):
    enrolment_create(user=user, course=course_tree.course)
    return user


@pytest.fixture
def quiz(course_tree, questions):
    return quiz_create(course_tree.modules[0], questions=questions)


@pytest.fixture
def objective_quiz(course_tree, questions):
    """Every type but the essay, so a result is final at once."""
    return quiz_create(
        course_tree.modules[1],
        questions=[q for q in questions if q.type != "essay"],
        max_attempts=2,
    )
