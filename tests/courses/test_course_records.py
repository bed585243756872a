"""A course's accreditation records: authors, reviewers and a conflict-of-interest
statement on the course page and in the certificate, learning objectives with
CanMEDS roles, and the trainer view with the alignment matrix, computed study
time and readability."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import QuizDrawRule
from assessments.scenarios.models import ScenarioStepObjective
from certificates.services.issue import accreditation_snapshot
from courses.models import CourseContributor, LearningObjective
from courses.roles import REVIEWERS, TRAINERS, catalogue_roles_ensure
from tests.factories.assessments import category_create, question_create, quiz_create
from tests.factories.certificates import CertificateFactory
from tests.factories.scenarios import scenario_page_create
from tests.factories.users import UserFactory, role_member_create

pytestmark = pytest.mark.django_db


def _publish_authorship(course, people, statement="Geen belangen.", last=None):
    course.contributors = [CourseContributor(**person) for person in people]
    course.conflict_of_interest = statement
    course.last_full_review_on = last
    course.save_revision().publish()
    course.refresh_from_db()


EDITORS = {"name": "Redactie Bijblijven", "role": "author"}
EXTERNAL = {
    "name": "Dr. A. Jansen",
    "role": "external_reviewer",
    "profession": "verslavingsarts",
    "reviewed_on": datetime.date(2026, 10, 1),
    "reviewed_scope": "de hele cursus",
}


# --- authorship -------------------------------------------------------------------


def test_course_page_says_not_externally_reviewed_when_no_external_reviewer(
    client, course_tree
):
    _publish_authorship(course_tree.course, [EDITORS])
    html = client.get(course_tree.course.url).content.decode()
    assert "Redactie Bijblijven" in html
    assert "Nog niet extern beoordeeld." in html
    assert "Geen belangen." in html
    assert "Nog niet vastgelegd." in html


def test_course_page_names_external_reviewer_with_date_and_scope(client, course_tree):
    _publish_authorship(
        course_tree.course, [EDITORS, EXTERNAL], last=datetime.date(2026, 10, 2)
    )
    html = client.get(course_tree.course.url).content.decode()
    assert "Dr. A. Jansen (verslavingsarts), externe reviewer" in html
    assert "op 1 oktober 2026: de hele cursus" in html
    assert "2 oktober 2026" in html
    assert "Nog niet extern beoordeeld." not in html


def test_internal_review_alone_is_not_an_external_review(client, course_tree):
    internal = {**EXTERNAL, "role": "internal_reviewer"}
    _publish_authorship(course_tree.course, [EDITORS, internal])
    assert (
        "Nog niet extern beoordeeld."
        in client.get(course_tree.course.url).content.decode()
    )


@pytest.mark.parametrize(
    ("missing", "empty"), [("reviewed_on", None), ("reviewed_scope", "")]
)
def test_reviewer_without_date_or_scope_is_refused(course_tree, missing, empty):
    person = CourseContributor(
        course=course_tree.course, **{**EXTERNAL, missing: empty}
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert missing in error.value.message_dict


def test_review_in_the_future_is_refused(course_tree):
    person = CourseContributor(
        course=course_tree.course,
        **{
            **EXTERNAL,
            "reviewed_on": timezone.localdate() + datetime.timedelta(days=1),
        },
    )
    with pytest.raises(ValidationError, match="toekomst"):
        person.full_clean()


def test_certificate_snapshot_freezes_authorship_at_issue(course_tree):
    course = course_tree.course
    _publish_authorship(course, [EDITORS], statement="Geen sponsoring.")
    snapshot = accreditation_snapshot(course=course)["authorship"]
    assert snapshot["authors"] == [
        {"name": "Redactie Bijblijven", "role": "author", "profession": ""}
    ]
    assert snapshot["reviewers"] == []
    assert snapshot["externally_reviewed"] is False
    assert snapshot["conflict_of_interest"] == "Geen sponsoring."
    assert snapshot["last_full_review_on"] is None
    certificate = CertificateFactory(course=course)
    _publish_authorship(course, [EDITORS, EXTERNAL])
    certificate.refresh_from_db()
    assert certificate.accreditation["authorship"]["externally_reviewed"] is False
    assert (
        accreditation_snapshot(course=course)["authorship"]["reviewers"][0][
            "reviewed_on"
        ]
        == "2026-10-01"
    )


def test_certificate_issued_before_authorship_existed_still_verifies(
    client, course_tree
):
    certificate = CertificateFactory(
        course=course_tree.course, accreditation={"schema_version": 1, "items": []}
    )
    response = client.get(f"/verify/{certificate.code_display}/")
    assert response.status_code == 200
    assert course_tree.course.title in response.content.decode()


# --- objectives -------------------------------------------------------------------


def test_objective_needs_at_least_one_known_canmeds_role(course_tree):
    objective = LearningObjective(course=course_tree.course, code="LD1", text="x")
    with pytest.raises(ValidationError, match="minstens één"):
        objective.full_clean()
    objective.canmeds_roles = ["wizard"]
    with pytest.raises(ValidationError, match="Onbekende"):
        objective.full_clean()
    objective.canmeds_roles = ["communicator", "scholar"]
    objective.full_clean()
    assert objective.role_labels == ["Communicator", "Academicus"]


# --- trainer view -----------------------------------------------------------------


@pytest.fixture
def aligned_course(course_tree):
    """Two objectives: LD1 assessed by a question and a scenario step, LD2 by
    nothing; and one question tied to no objective."""
    course = course_tree.course
    ld1 = LearningObjective.objects.create(
        course=course,
        code="LD1",
        text="Uitleggen wat 3-MMC is",
        canmeds_roles=["medical_expert"],
        sort_order=1,
    )
    LearningObjective.objects.create(
        course=course,
        code="LD2",
        text="Niet-oordelend vragen",
        canmeds_roles=["communicator"],
        sort_order=2,
    )
    category = category_create(name="Bank")
    tied = question_create(category=category, key="vraag-gekoppeld")
    tied.objectives.add(ld1)
    question_create(category=category, key="vraag-los")
    quiz_create(course_tree.modules[0], draw={category: 2}, minutes=90)
    scenario = scenario_page_create(course_tree.modules[1])
    ScenarioStepObjective.objects.create(page=scenario, step_key="s1", objective=ld1)
    catalogue_roles_ensure(course_tree.catalogue)
    return course


def test_matrix_flags_unassessed_objective_and_untied_question(client, aligned_course):
    client.force_login(role_member_create(TRAINERS))
    url = reverse("courses_records_course", args=[aligned_course.pk])
    html = client.get(url).content.decode()
    assert "Niet getoetst: geen vraag of scenariostap toetst dit leerdoel." in html
    assert html.count("Aan geen leerdoel gekoppeld") == 1
    assert "vraag-los" in html
    assert "toetst LD1" in html
    assert "Medisch deskundige" in html


def test_matrix_shows_computed_beside_claimed_time_with_a_warning(
    client, aligned_course
):
    client.force_login(role_member_create(TRAINERS))
    html = client.get(
        reverse("courses_records_course", args=[aligned_course.pk])
    ).content.decode()
    assert f"Opgegeven: {aligned_course.duration_minutes} minuten." in html
    assert "Berekend uit de inhoud:" in html
    assert "Let op: dat scheelt" in html
    assert "wijkt meer dan 25% af" in html  # the quiz claims 90 minutes
    assert "Leesbaarheid per les" in html


def test_index_lists_every_course_with_its_gaps(client, aligned_course):
    client.force_login(role_member_create(REVIEWERS))
    html = client.get(reverse("courses_records_index")).content.decode()
    assert aligned_course.title in html
    assert "1 leerdoel niet getoetst" in html
    assert "1 vraag zonder leerdoel" in html


def test_records_views_are_refused_without_the_permission(client, aligned_course):
    client.force_login(UserFactory())
    for url in (
        reverse("courses_records_index"),
        reverse("courses_records_course", args=[aligned_course.pk]),
    ):
        assert client.get(url).status_code in {302, 403}


def test_trainers_keep_objectives_and_reviewers_read_them(aligned_course):
    trainer = role_member_create(TRAINERS)
    reviewer = role_member_create(REVIEWERS)
    assert trainer.has_perms(
        [f"courses.{a}_learningobjective" for a in ("add", "change", "delete", "view")]
    )
    assert reviewer.has_perm("courses.view_learningobjective")
    assert not reviewer.has_perm("courses.delete_learningobjective")
    assert not trainer.is_superuser


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_matrix_query_count_does_not_grow_with_questions(client, aligned_course):
    client.force_login(role_member_create(TRAINERS))
    url = reverse("courses_records_course", args=[aligned_course.pk])
    client.get(url)
    before = _queries(client, url)
    category = QuizDrawRule.objects.get().category  # the quiz draws from it
    for n in range(5):
        question_create(category=category, key=f"extra-{n}").objectives.add(
            *aligned_course.objectives.all()
        )
    assert _queries(client, url) == before


def test_trainer_adds_an_objective_with_ticked_roles_in_the_admin(client, course_tree):
    catalogue_roles_ensure(course_tree.catalogue)
    client.force_login(role_member_create(TRAINERS))
    url = reverse("wagtailsnippets_courses_learningobjective:add")
    assert client.get(url).status_code == 200
    data = {
        "course": course_tree.course.pk,
        "code": "LD1",
        "text": "Je kunt uitleggen wat 3-MMC is.",
        "canmeds_roles": ["medical_expert", "health_advocate"],
        "sort_order": 1,
    }
    assert client.post(url, data).status_code == 302
    objective = LearningObjective.objects.get(course=course_tree.course)
    assert objective.canmeds_roles == ["medical_expert", "health_advocate"]
    response = client.post(url, {**data, "canmeds_roles": []})
    assert response.status_code == 200  # refused: no role
    assert LearningObjective.objects.count() == 1
