"""Fixtures for scenario tests: a published course with a scenario, an enrolled
learner and a trainer who may read transcripts."""

import pytest
from django.contrib.auth.models import Group, Permission

from courses.services import enrolment_create
from tests.factories.scenarios import scenario_course_create
from tests.factories.users import UserFactory


@pytest.fixture
def scenario_course(home_page):
    return scenario_course_create(home_page)


@pytest.fixture
def scenario_page(scenario_course):
    return scenario_course.page


@pytest.fixture
def learner(scenario_course):
    learner = UserFactory(profession="politie")
    enrolment_create(user=learner, course=scenario_course.course)
    return learner


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def trainer(db):
    group, _ = Group.objects.get_or_create(name="Trainers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_scenario_transcripts"),
    )
    trainer = UserFactory()
    trainer.groups.add(group)
    return trainer


@pytest.fixture
def manager(db):
    """Someone with admin access but no right to read transcripts (as an
    organisation manager has)."""
    manager = UserFactory()
    manager.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return manager
