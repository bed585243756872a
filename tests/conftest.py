"""Shared fixtures: a site with the home page, users, and a fresh mail outbox."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from tests.factories.users import UserFactory
from training.models import HomePage


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused after rollbacks, and a
    cached value from another test must never leak in."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage(title="Bijblijven", slug="home-test", intro="Test")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def learner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def course_tree(home_page):
    from tests.factories.courses import course_tree_create

    return course_tree_create(home_page)
