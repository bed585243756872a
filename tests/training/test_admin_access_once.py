"""Whether the person may open the admin is read from the cache once per request
(the middleware, the header and the context processor each ask), and never kept
from one request to the next (issue 21)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_reads_admin_access_once(learner_client, user, monkeypatch):
    """'Mijn leeromgeving' renders two templates, each with the context
    processors."""
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        if str(key).startswith("can-access-admin:"):
            reads.append(key)
        return real_get(key, *args, **kwargs)

    learner_client.get(reverse("courses:my_learning"))
    monkeypatch.setattr(cache, "get", counting_get)

    learner_client.get(reverse("courses:my_learning"))

    assert reads == [f"can-access-admin:{user.pk}"]


def test_admin_access_granted_shows_on_the_next_request_once_the_cache_expires(
    learner_client, user, home_page
):
    assert "Beheer</a>" not in learner_client.get(home_page.url).content.decode()
    user.is_superuser = True
    user.save()
    cache.delete(f"can-access-admin:{user.pk}")  # its 60 seconds have passed

    assert "Beheer</a>" in learner_client.get(home_page.url).content.decode()
