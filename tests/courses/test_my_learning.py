"""'Mijn leeromgeving' and the course page count a course the same way: every
required lesson, quiz and scenario of the current cycle, and "Afgerond" only when
all are done (lessons read is not enough when a quiz is failed)."""

import re

import pytest
from django.urls import reverse

from assessments.services import attempt_start, attempt_submit
from certificates.services.renewal import certificate_renewal_start
from courses.services import enrolment_create, lesson_complete
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
)
from tests.factories.certificates import certificate_earn

pytestmark = pytest.mark.django_db


def _progress_labels(html: str) -> list[str]:
    return re.findall(r"Voortgang: \d+ van \d+ onderdelen afgerond", html)


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_my_learning_keeps_the_course_in_progress_when_the_quiz_failed(
    learner_client, user, course_tree
):
    category = category_create()
    questions = [question_create(category=category, type=t) for t in ("single",)]
    quiz = quiz_create(course_tree.modules[1], questions=questions)
    enrolment_create(user=user, course=course_tree.course)
    for lesson in course_tree.lessons:
        lesson_complete(user=user, lesson=lesson)
    attempt = attempt_start(user=user, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=user,
        data=form_data(attempt.questions, right=False),
        indexes=[0],
    )

    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    course_html = learner_client.get(course_tree.course.url).content.decode()

    assert _progress_labels(html) == ["Voortgang: 4 van 5 onderdelen afgerond"]
    assert _progress_labels(course_html) == _progress_labels(html)
    assert course_tree.course.title in _section(html, "in-progress-heading")
    assert "Nog geen afgeronde cursussen." in _section(html, "completed-heading")


def test_my_learning_counts_the_refresher_path_like_the_course_page_when_renewing(
    learner_client, user, course_tree
):
    certificate = certificate_earn(user=user, tree=course_tree)
    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert course_tree.course.title in _section(html, "completed-heading")

    certificate_renewal_start(user=user, certificate=certificate)
    lesson_complete(user=user, lesson=course_tree.lessons[0])

    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    course_html = learner_client.get(course_tree.course.url).content.decode()
    # the refresher path is the first module: two lessons
    assert _progress_labels(html) == ["Voortgang: 1 van 2 onderdelen afgerond"]
    assert _progress_labels(course_html) == _progress_labels(html)
    assert course_tree.course.title in _section(html, "in-progress-heading")
