"""Topics are translatable like the cards (issue 18 item 19): courses link to the
Dutch topic, the catalogue's topic filter shows the name in the interface
language, and the demo loads English names."""

import pytest
from django.conf import settings
from wagtail.models import Locale

from courses.forms import CatalogueFilterForm
from courses.models import CoursePage, Topic
from demo.loaders.cards import topics_load
from demo.loaders.translations import _topics_translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(course_tree):
    dutch = Topic.objects.create(name="Seksuele gezondheid", slug="seksuele-gezondheid")
    english = dutch.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0]
    )
    english.name = "Sexual health"
    english.save()
    course_tree.course.topics.set([dutch])
    course_tree.course.save_revision().publish()
    return dutch


def test_catalogue_shows_the_english_topic_name_when_the_interface_is_english(
    client, course_tree, topic
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(course_tree.catalogue.url).content.decode()
    assert '<option value="seksuele-gezondheid">Sexual health</option>' in html
    assert "Seksuele gezondheid" not in html
    filtered = client.get(course_tree.catalogue.url, {"topic": "seksuele-gezondheid"})
    assert course_tree.course.title in filtered.content.decode()


def test_catalogue_shows_the_dutch_topic_name_once_when_the_interface_is_dutch(
    client, course_tree, topic
):
    html = client.get(course_tree.catalogue.url).content.decode()
    assert html.count('value="seksuele-gezondheid"') == 1
    assert ">Seksuele gezondheid</option>" in html
    assert "Sexual health" not in html


def test_courses_can_only_choose_source_language_topics_when_edited(topic):
    assert [slug for slug, _name in CatalogueFilterForm().fields["topic"].choices][
        1:
    ] == ["seksuele-gezondheid"]
    field = CoursePage._meta.get_field("topics")
    choices = Topic.objects.complex_filter(field.get_limit_choices_to())
    assert list(choices) == [topic]


def test_demo_loads_english_topic_names_once_when_loaded_twice(home_page):
    topics_load()
    locale, _created = Locale.objects.get_or_create(language_code="en")
    for _ in range(2):
        _topics_translate(locale)
    dutch = Topic.objects.get(slug="seksuele-gezondheid", locale__language_code="nl")
    english = Topic.objects.get(slug="seksuele-gezondheid", locale=locale)
    assert english.name == "Sexual health"
    assert english.translation_key == dutch.translation_key
    assert Topic.objects.filter(locale=locale).count() == (
        Topic.objects.filter(locale__language_code="nl").count()
    )
