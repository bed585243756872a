"""The page-cache generation is read from the cache once per request (a lesson
page's keys hold it six times), never kept from one request to the next, and a
clear within the request is seen by its later reads (issue 21)."""

import pytest
from django.core.cache import cache

from training import page_cache
from training.page_cache import (
    GENERATION_KEY,
    page_cache_clear,
    page_cache_generation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def generation_reads(monkeypatch):
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == GENERATION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    return reads


def test_a_signed_in_page_reads_the_generation_once(
    learner_client, home_page, generation_reads
):
    learner_client.get(home_page.url)
    generation_reads.clear()

    learner_client.get(home_page.url)

    assert len(generation_reads) == 1


def test_a_change_between_requests_is_read_by_the_next_request(
    learner_client, home_page
):
    learner_client.get(home_page.url)
    cache.set(GENERATION_KEY, 41, None)  # another process published
    assert page_cache_generation() == 41
    page_cache.request_started()
    try:
        assert page_cache_generation() == 41
        page_cache_clear()
        assert page_cache_generation() == 42
    finally:
        page_cache.request_finished()
    cache.set(GENERATION_KEY, 50, None)
    assert page_cache_generation() == 50
