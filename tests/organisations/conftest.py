"""Fixtures for organisations: a GP practice with a required course, its
administrator (signed in as `manager_client`), and a second organisation."""

import pytest

from tests.factories.organisations import (
    OrganisationFactory,
    manager_create,
    requirement_create,
)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Huisartsenpraktijk De Linde")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Politie-eenheid Oost", kind="politie-eenheid")


@pytest.fixture
def manager(organisation):
    return manager_create(organisation, first_name="Petra", last_name="Jansen")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def requirement(organisation, course_tree):
    return requirement_create(organisation, course_tree.course, due_within_days=30)


@pytest.fixture
def learner_cache_on(settings):
    """The version-keyed caches of training/learner_cache.py, as with Redis (the
    test cache is emptied before each test, so the process's own memory serves)."""
    settings.LEARNER_FRAGMENT_CACHE = True
