"""Shared fixtures: a site with the home page, users, and a fresh mail outbox."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import TransactionTestCase
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure
from training import local_cache
from training.models import HomePage

# Shared CI machines are slow at times: judge properties by their examples, not
# by how fast the examples were drawn or run (a loaded run failed the
# too_slow health check with nothing wrong).
hypothesis_settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("shared-machine")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request through the locale
    middleware leaves its language active in the thread for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused after rollbacks, and a
    cached value from another test must never leak in (nor from the memory each
    process keeps in front of Redis, training/local_cache.py)."""
    cache.clear()
    local_cache.local_clear()
    yield
    cache.clear()
    local_cache.local_clear()


def _uses_database(request) -> bool:
    if isinstance(request.instance, TransactionTestCase):
        return True  # a Django test class: pytest-django has opened the database
    names = set(request.fixturenames)
    for name in ("transactional_db", "db"):
        if name in names:
            request.getfixturevalue(name)  # the same instance the test gets
            return True
    # a django_db marker: pytest-django has opened the database already
    return request.node.get_closest_marker("django_db") is not None


@pytest.fixture(autouse=True)
def _wagtail_tree(request):
    """Every database test starts with Wagtail's tree root (and what migrations
    created with it). A transactional test ends by emptying the database, and in
    parallel runs such tests no longer come last, so put the tree back when it is
    gone (one query when it is there)."""
    if _uses_database(request) and not Site.objects.exists():
        wagtail_tree_ensure()


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


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a spare port, used by Django's SMTP backend; add
    addresses to `.refused` to have them answered with 550."""
    from tests.smtp import RefusingHandler, smtp_server_start

    handler = RefusingHandler()
    controller = smtp_server_start(handler)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()
