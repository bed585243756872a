"""With an English interface, learners see course and lesson titles in English
wherever a live translation exists (breadcrumbs, 'Mijn leeromgeving', the
not-enrolled notices); links and records stay on the Dutch source pages."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale

from courses.services import enrolment_create, lesson_complete
from tests.factories.assessments import quiz_create

pytestmark = pytest.mark.django_db

ENGLISH_COURSE = "Recognising 3-MMC use"
ENGLISH_LESSON = "What 3-MMC does"
ENGLISH_QUIZ = "Check your knowledge"


def _translate(page, locale, title):
    copy = page.copy_for_translation(locale, copy_parents=True).specific
    copy.title = title
    copy.save_revision().publish()
    return copy


@pytest.fixture
def english_tree(course_tree):
    locale, _created = Locale.objects.get_or_create(language_code="en")
    _translate(course_tree.course, locale, ENGLISH_COURSE)
    _translate(course_tree.lessons[0], locale, ENGLISH_LESSON)
    quiz = quiz_create(course_tree.modules[0], title="Toets je kennis")
    _translate(quiz, locale, ENGLISH_QUIZ)
    return course_tree, quiz


@pytest.fixture
def english_client(learner_client):
    learner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return learner_client


def test_my_learning_shows_english_titles_and_links_to_the_source_pages(
    english_client, user, english_tree
):
    tree, _quiz = english_tree
    enrolment_create(user=user, course=tree.course)
    lesson_complete(user=user, lesson=tree.lessons[0])

    html = english_client.get(reverse("courses:my_learning")).content.decode()

    assert ENGLISH_COURSE in html
    assert f"{ENGLISH_LESSON}</a>" in html
    assert tree.course.title not in html
    assert f'href="{tree.course.url}"' in html


def test_my_learning_keeps_dutch_titles_in_the_dutch_interface(
    learner_client, user, english_tree
):
    tree, _quiz = english_tree
    enrolment_create(user=user, course=tree.course)

    html = learner_client.get(reverse("courses:my_learning")).content.decode()

    assert tree.course.title in html
    assert ENGLISH_COURSE not in html


def test_my_learning_falls_back_to_dutch_without_a_translation(
    english_client, user, course_tree
):
    enrolment_create(user=user, course=course_tree.course)

    html = english_client.get(reverse("courses:my_learning")).content.decode()

    assert course_tree.course.title in html


def test_quiz_breadcrumb_shows_the_english_course_title(
    english_client, user, english_tree
):
    tree, quiz = english_tree
    enrolment_create(user=user, course=tree.course)

    html = english_client.get(quiz.url).content.decode()
    breadcrumb = html.split('class="bb-breadcrumb"')[1].split("</nav>")[0]

    assert ENGLISH_COURSE in breadcrumb
    assert tree.course.title not in breadcrumb


def test_not_enrolled_notice_names_the_english_course(english_client, english_tree):
    tree, quiz = english_tree

    response = english_client.get(quiz.url)

    assert response.status_code == 403
    assert ENGLISH_COURSE in response.content.decode()


@pytest.mark.parametrize(
    ("which", "shown"),
    [
        ("translated lesson", ENGLISH_LESSON),
        ("untranslated lesson", "Les 1.2"),
        ("quiz", ENGLISH_QUIZ),
    ],
)
def test_english_learner_opens_the_pages_of_the_dutch_enrolment(
    english_client, user, english_tree, which, shown
):
    tree, quiz = english_tree
    source = {
        "translated lesson": tree.lessons[0],
        "untranslated lesson": tree.lessons[1],
        "quiz": quiz,
    }[which]
    enrolment_create(user=user, course=tree.course)

    response = english_client.get(source.url)

    assert response.status_code == 200
    assert shown in response.content.decode()
    # the view's own context: the cached outline, rendered first, names each of
    # its items `page` (the translated lesson among them)
    assert response.context_data["page"].pk == source.pk  # the source page


def test_enrolling_in_english_enrols_in_the_dutch_course(
    english_client, user, english_tree
):
    tree, _quiz = english_tree

    response = english_client.post(tree.course.url + "inschrijven/")

    assert response.status_code == 302
    assert list(user.enrolments.values_list("course_id", flat=True)) == [tree.course.pk]


def test_english_interface_finds_a_course_that_has_no_translation(
    english_client, english_tree, home_page
):
    from tests.factories.courses import course_tree_create

    dutch_only = course_tree_create(home_page, slug="alleen-nl", title="Alleen NL")

    response = english_client.get(dutch_only.course.url)

    assert response.status_code == 200
    assert "Alleen NL" in response.content.decode()
