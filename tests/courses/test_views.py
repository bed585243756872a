"""Learner-facing pages: catalogue, course, lesson, my learning; permissions and
bad input."""

import pytest
from django.urls import reverse

from courses.models import Enrolment, LessonCompletion, ReflectionAnswer, Topic
from courses.services import enrolment_create, lesson_complete
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_catalogue_filters_by_profession_and_topic_when_given(client, course_tree):
    topic = Topic.objects.create(name="Chemsex", slug="chemsex")
    course = course_tree.course
    course.audiences.set(["politie"])
    course.topics.set([topic])
    course.save_revision().publish()
    url = course_tree.catalogue.url
    assert course.title in client.get(url, {"profession": "politie"}).content.decode()
    assert course.title not in client.get(url, {"profession": "ggd"}).content.decode()
    assert course.title in client.get(url, {"topic": "chemsex"}).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"profession": "astronaut"},
        {"topic": "bestaat-niet"},
        {"q": "<script>alert(1)</script> OR 1=1 --"},
        {"q": "'\"%_\\*?()[]{}"},
        {"q": "x" * 500},
        {"pagina": "-1"},
        {"pagina": "abc"},
    ],
)
def test_catalogue_gives_a_normal_page_when_input_is_odd(client, course_tree, params):
    response = client.get(course_tree.catalogue.url, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_catalogue_search_finds_course_by_word_in_summary(client, course_tree):
    response = client.get(course_tree.catalogue.url, {"q": "Testcursus"})
    assert course_tree.course.title in response.content.decode()


def test_course_page_is_public_and_offers_login_to_enrol(client, course_tree):
    html = client.get(course_tree.course.url).content.decode()
    assert "Inloggen om in te schrijven" in html
    assert "Les 1.1" in html


def test_course_page_offers_enrolment_when_signed_in(learner_client, course_tree):
    html = learner_client.get(course_tree.course.url).content.decode()
    assert "Inschrijven voor deze cursus" in html


def test_public_course_outline_shows_new_lesson_when_published(client, course_tree):
    from courses.models import LessonPage
    from tests.factories.courses import LESSON_BODY, publish_child

    assert "Nieuwe les" not in client.get(course_tree.course.url).content.decode()
    publish_child(
        course_tree.modules[0],
        LessonPage(
            title="Nieuwe les",
            slug="nieuw",
            body=LESSON_BODY,
            content_owner="Redactie",
            review_by="2030-01-01",
        ),
    )
    assert "Nieuwe les" in client.get(course_tree.course.url).content.decode()
    course_tree.lessons[0].unpublish()
    assert "Les 1.1" not in client.get(course_tree.course.url).content.decode()


def test_enrolment_requires_login_when_anonymous(client, course_tree):
    response = client.post(course_tree.course.url + "inschrijven/")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Enrolment.objects.exists()


def test_enrolment_goes_to_first_lesson_when_posted_twice(learner_client, course_tree):
    learner_client.post(course_tree.course.url + "inschrijven/")
    response = learner_client.post(course_tree.course.url + "inschrijven/")
    assert response["Location"] == course_tree.lessons[0].url
    assert Enrolment.objects.count() == 1


def test_lesson_redirects_to_login_when_anonymous(client, course_tree):
    response = client.get(course_tree.lessons[0].url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_lesson_offers_enrolment_when_not_enrolled(learner_client, course_tree):
    response = learner_client.get(course_tree.lessons[0].url)
    assert response.status_code == 403
    assert "Inschrijven voor deze cursus" in response.content.decode()


def test_completing_changes_nothing_when_not_enrolled(learner_client, course_tree):
    response = learner_client.post(course_tree.lessons[0].url, {"action": "complete"})
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


def test_lesson_is_not_found_when_course_is_unpublished(
    learner_client, course_tree, user
):
    enrolment_create(user=user, course=course_tree.course)
    course_tree.course.unpublish()
    response = learner_client.get(course_tree.lessons[0].url)
    assert response.status_code == 404


def test_completing_moves_to_next_lesson_and_shows_progress(
    learner_client, course_tree, user
):
    enrolment_create(user=user, course=course_tree.course)
    response = learner_client.post(course_tree.lessons[0].url, {"action": "complete"})
    assert response["Location"] == course_tree.lessons[1].url
    html = learner_client.get(course_tree.course.url).content.decode()
    assert "Voortgang: 1 van 4 onderdelen afgerond" in html
    assert "Verder waar je was" in html


def test_unknown_action_is_refused_without_change(learner_client, course_tree, user):
    enrolment_create(user=user, course=course_tree.course)
    response = learner_client.post(course_tree.lessons[0].url, {"action": "hack"})
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


def test_reflection_answer_is_visible_only_to_its_author(client, course_tree, user):
    lesson = course_tree.lessons[0]
    lesson.body = [("reflection", {"question": "Wat neem je mee?", "guidance": ""})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    block_id = lesson.body[0].id
    enrolment_create(user=user, course=course_tree.course)
    client.force_login(user)
    response = client.post(
        lesson.url,
        {"action": "reflection", "block_id": block_id, "text": "Mijn geheim"},
    )
    assert response.status_code == 302
    assert ReflectionAnswer.objects.get().text == "Mijn geheim"
    assert "Mijn geheim" in client.get(lesson.url).content.decode()

    colleague = UserFactory()
    enrolment_create(user=colleague, course=course_tree.course)
    client.force_login(colleague)
    assert "Mijn geheim" not in client.get(lesson.url).content.decode()


def test_empty_reflection_shows_an_error_and_saves_nothing(
    learner_client, course_tree, user
):
    lesson = course_tree.lessons[0]
    lesson.body = [("reflection", {"question": "Vraag?", "guidance": ""})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    enrolment_create(user=user, course=course_tree.course)
    response = learner_client.post(
        lesson.url, {"action": "reflection", "block_id": lesson.body[0].id, "text": ""}
    )
    assert response.status_code == 400
    assert "bb-field__error" in response.content.decode()
    assert not ReflectionAnswer.objects.exists()


def test_my_learning_groups_courses_when_enrolled(learner_client, course_tree, user):
    enrolment_create(user=user, course=course_tree.course)
    lesson_complete(user=user, lesson=course_tree.lessons[0])
    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert "Voortgang: 1 van 4 onderdelen afgerond" in html
    for lesson in course_tree.lessons[1:]:
        lesson_complete(user=user, lesson=lesson)
    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert "Nog geen afgeronde cursussen" not in html


def test_my_learning_requires_login(client):
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302


def test_my_learning_shows_empty_state_when_not_enrolled(learner_client, home_page):
    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert "Je volgt nog geen cursus." in html


def test_lesson_is_not_found_when_its_module_is_unpublished(
    learner_client, course_tree, user
):
    enrolment_create(user=user, course=course_tree.course)
    course_tree.modules[0].unpublish()
    assert learner_client.get(course_tree.lessons[0].url).status_code == 404
    assert learner_client.get(course_tree.lessons[2].url).status_code == 200


@pytest.mark.parametrize(
    ("headers", "recorded"),
    [
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"}, False),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document"}, False),
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image"}, False),
        ({"Referer": "https://elders.example.net/pagina"}, False),
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "document"}, True),
        ({"Sec-Fetch-Site": "none", "Sec-Fetch-Dest": "document"}, True),
        ({"Referer": "http://testserver/mijn-leeromgeving/"}, True),
        ({}, True),
    ],
)
def test_opening_a_lesson_counts_as_activity_only_when_the_learner_navigates(
    learner_client, course_tree, user, headers, recorded
):
    """A lesson URL in another site's <img> must not show the employer 'bezig'."""
    enrolment = enrolment_create(user=user, course=course_tree.course)
    response = learner_client.get(course_tree.lessons[1].url, headers=headers)
    assert response.status_code == 200
    enrolment.refresh_from_db()
    assert (enrolment.last_activity_at is not None) is recorded
    assert (enrolment.last_lesson_id == course_tree.lessons[1].pk) is recorded
