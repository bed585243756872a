"""The whole-page cache for anonymous visitors (training/page_cache.py, issue 21):
a published change shows on the next request, signed-in people never get the
cached page, no cookie or CSRF token is ever cached, and the cache varies by
language."""

import pytest
from django.urls import reverse

from tests.factories.courses import substance_card_create

pytestmark = pytest.mark.django_db


def _pages(tree):
    return {
        "home": tree.catalogue.get_parent().specific,
        "catalogue": tree.catalogue,
        "course": tree.course,
    }


def _second_is_cached(client, url, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(1):  # the cache lookup needs no query
        return client.get(url)


@pytest.mark.parametrize("kind", ["home", "catalogue", "course"])
def test_published_change_shows_on_next_request_when_page_was_cached(
    client, course_tree, kind, django_assert_max_num_queries
):
    page = _pages(course_tree)[kind]
    _second_is_cached(client, page.url, django_assert_max_num_queries)
    page.title = "Nieuwe titel na publicatie"
    page.save_revision().publish()
    assert "Nieuwe titel na publicatie" in client.get(page.url).content.decode()


def test_unpublished_course_is_gone_on_next_request_when_catalogue_was_cached(
    client, course_tree, django_assert_max_num_queries
):
    url = course_tree.catalogue.url
    cached = _second_is_cached(client, url, django_assert_max_num_queries)
    assert course_tree.course.title in cached.content.decode()
    course_tree.course.unpublish()
    assert course_tree.course.title not in client.get(url).content.decode()


def test_card_change_clears_cached_pages(
    client, course_tree, django_assert_max_num_queries
):
    card = substance_card_create()
    url = course_tree.course.url
    _second_is_cached(client, url, django_assert_max_num_queries)
    card.name = "Gewijzigd"
    card.save_revision().publish()
    with django_assert_max_num_queries(100) as captured:
        client.get(url)
    assert len(captured) > 1  # rendered again, not from the cache


def test_signed_in_learner_never_gets_anonymous_cached_page(
    client, learner_client, course_tree, django_assert_max_num_queries
):
    from django.test import Client

    visitor = Client()
    url = course_tree.course.url
    _second_is_cached(visitor, url, django_assert_max_num_queries)
    html = learner_client.get(url).content.decode()
    assert "Inschrijven voor deze cursus" in html
    assert "Inloggen om in te schrijven" not in html


def test_cached_response_has_no_cookie_or_csrf_token_and_varies_by_language(
    client, course_tree, django_assert_max_num_queries
):
    for page in _pages(course_tree).values():
        response = _second_is_cached(client, page.url, django_assert_max_num_queries)
        assert response.status_code == 200
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        vary = {part.strip().lower() for part in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary


def test_english_visitor_gets_english_page_after_dutch_one_was_cached(
    client, course_tree, django_assert_max_num_queries
):
    from django.test import Client

    _second_is_cached(client, "/", django_assert_max_num_queries)
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en"' in english.get("/").content.decode()
    english_cookie = Client()
    english_cookie.cookies["django_language"] = "en"
    assert '<html lang="en"' in english_cookie.get("/").content.decode()


def test_anonymous_course_page_takes_at_most_four_queries_when_cached(
    client, course_tree, django_assert_max_num_queries
):
    client.get(course_tree.course.url)
    with django_assert_max_num_queries(4):
        assert client.get(course_tree.course.url).status_code == 200


def test_learner_lesson_page_takes_at_most_eight_queries(
    learner_client, user, course_tree, django_assert_max_num_queries
):
    from courses.services import enrolment_create

    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[1]
    learner_client.get(lesson.url)
    with django_assert_max_num_queries(8):
        assert learner_client.get(lesson.url).status_code == 200


def test_language_switch_by_get_sets_cookie_for_anonymous_form(client, home_page):
    html = client.get("/").content.decode()
    assert 'method="get" action="/i18n/setlang/"' in html
    response = client.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_language_switch_by_get_refuses_foreign_next(client, home_page):
    response = client.get(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("odd", "location"), [("0", "0"), ("home", "home"), ("admin:index", "/")]
)
def test_language_switch_by_get_goes_to_a_path_not_a_view_name(
    client, home_page, odd, location
):
    # The form fuzzer sent next=0: redirect() took it for a view name (500).
    response = client.get(reverse("set_language"), {"language": "en", "next": odd})
    assert response.status_code == 302
    assert response["Location"] == location


def test_site_settings_change_clears_cached_pages(
    client, home_page, django_assert_max_num_queries
):
    from wagtail.models import Site

    from training.models import SiteSettings

    _second_is_cached(client, "/", django_assert_max_num_queries)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_text = "Nieuwe voettekst na opslaan"
    settings.save()
    assert "Nieuwe voettekst na opslaan" in client.get("/").content.decode()


def test_view_restriction_applies_to_lesson_when_its_route_was_cached(
    learner_client, user, course_tree
):
    from wagtail.models import PageViewRestriction

    from courses.services import enrolment_create

    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[1]
    for _ in range(2):
        assert learner_client.get(lesson.url).status_code == 200
    PageViewRestriction.objects.create(
        page=course_tree.course,
        restriction_type=PageViewRestriction.PASSWORD,
        password="geheim",
    )
    response = learner_client.get(lesson.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_lesson_route_moves_with_its_page_when_route_was_cached(
    learner_client, user, course_tree
):
    enrolment_create_for(user, course_tree)
    lesson = course_tree.lessons[1]
    old_url = lesson.url
    learner_client.get(old_url)
    lesson.slug = "nieuwe-naam"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert learner_client.get(old_url).status_code == 404
    assert learner_client.get(lesson.url).status_code == 200


def enrolment_create_for(user, tree):
    from courses.services import enrolment_create

    enrolment_create(user=user, course=tree.course)
