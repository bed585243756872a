"""Trainers tie a scenario's steps to the learning objectives of its course from
the admin ('Leerdoelen per stap'); the ties feed the alignment matrix."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.scenarios.models import ScenarioStepObjective
from assessments.scenarios.objectives import scenario_step_objectives_set
from courses.models import LearningObjective
from courses.roles import TRAINERS, catalogue_roles_ensure
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory, role_member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def objectives(scenario_course):
    catalogue_roles_ensure(scenario_course.tree.catalogue)
    return [
        LearningObjective.objects.create(
            course=scenario_course.course,
            code=f"LD{n}",
            text=f"Doel {n}",
            canmeds_roles=["communicator"],
            sort_order=n,
        )
        for n in (1, 2)
    ]


def _url(page):
    return reverse("scenarios_admin:objectives", args=[page.pk])


def _ties(page):
    return set(
        ScenarioStepObjective.objects.filter(page=page).values_list(
            "step_key", "objective__code"
        )
    )


def test_trainer_ticks_objectives_per_step_and_a_second_submit_changes_nothing(
    client, scenario_page, objectives
):
    client.force_login(role_member_create(TRAINERS))
    form = client.get(_url(scenario_page)).content.decode()
    assert "s1: " in form
    assert "e_goed" not in form  # endings assess nothing
    data = {"step-s1": [str(objectives[0].pk)], "step-s2": [str(objectives[1].pk)]}
    response = client.post(_url(scenario_page), data)
    assert response.status_code == 302
    assert _ties(scenario_page) == {("s1", "LD1"), ("s2", "LD2")}
    client.post(_url(scenario_page), data)
    assert ScenarioStepObjective.objects.filter(page=scenario_page).count() == 2
    client.post(_url(scenario_page), {"step-s1": [str(objectives[0].pk)]})
    assert _ties(scenario_page) == {("s1", "LD1")}
    matrix = client.get(response.url).content.decode()
    assert "toetst LD1" in matrix


def test_objective_of_another_course_is_refused_and_nothing_saved(
    client, scenario_page, objectives, home_page
):
    other = course_tree_create(home_page, slug="andere", title="Andere cursus")
    foreign = LearningObjective.objects.create(
        course=other.course, code="LD1", text="x", canmeds_roles=["scholar"]
    )
    client.force_login(role_member_create(TRAINERS))
    response = client.post(_url(scenario_page), {"step-s1": [str(foreign.pk)]})
    assert response.status_code == 200
    assert not ScenarioStepObjective.objects.exists()
    with pytest.raises(ValidationError):
        scenario_step_objectives_set(page=scenario_page, ties={"s1": {foreign.pk}})
    with pytest.raises(ValidationError):
        scenario_step_objectives_set(
            page=scenario_page, ties={"e_goed": {objectives[0].pk}}
        )


def test_someone_who_may_not_edit_the_scenario_cannot_tie(
    client, scenario_page, objectives
):
    client.force_login(UserFactory())
    assert client.post(
        _url(scenario_page), {"step-s1": [str(objectives[0].pk)]}
    ).status_code in {302, 403}
    assert not ScenarioStepObjective.objects.exists()
