"""The catalogue filters by the learner's profession: preselected for a signed-in
learner (who can show all courses), chosen by a visitor; plain GET, no JavaScript."""

import pytest

from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_courses(home_page):
    police = course_tree_create(home_page, title="Politie op straat", slug="politie")
    police.course.audiences.set(["politie"])
    police.course.save_revision().publish()
    doctors = course_tree_create(home_page, title="In de spreekkamer", slug="arts")
    doctors.course.audiences.set(["huisarts"])
    doctors.course.save_revision().publish()
    return police.catalogue


def test_catalogue_shows_the_learners_profession_first_when_signed_in(
    client, two_courses
):
    client.force_login(UserFactory(profession="politie"))
    content = client.get(two_courses.url).content.decode()
    assert "Politie op straat" in content
    assert "In de spreekkamer" not in content
    assert '<option value="politie" selected>' in content
    assert "Je ziet de cursussen voor je beroep: Politie en handhaving." in content
    assert f'href="{two_courses.url}?profession="' in content


def test_catalogue_shows_all_courses_when_the_learner_clears_the_profession(
    client, two_courses
):
    client.force_login(UserFactory(profession="politie"))
    content = client.get(two_courses.url, {"profession": ""}).content.decode()
    assert "Politie op straat" in content
    assert "In de spreekkamer" in content
    assert "Je ziet de cursussen voor je beroep" not in content


def test_catalogue_keeps_the_profession_across_pages_when_preselected(
    client, two_courses
):
    client.force_login(UserFactory(profession="huisarts"))
    content = client.get(two_courses.url, {"q": "spreekkamer"}).content.decode()
    assert "In de spreekkamer" in content
    assert "Politie op straat" not in content


def test_catalogue_shows_everything_until_a_visitor_chooses_when_anonymous(
    client, two_courses
):
    content = client.get(two_courses.url).content.decode()
    assert "Politie op straat" in content
    assert "In de spreekkamer" in content
    chosen = client.get(two_courses.url, {"profession": "huisarts"}).content.decode()
    assert "In de spreekkamer" in chosen
    assert "Politie op straat" not in chosen
