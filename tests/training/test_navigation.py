"""The header's admin link appears for people who may use the Wagtail admin only."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_link_is_hidden_from_learners(learner_client, home_page):
    assert "/beheer/" not in learner_client.get("/").content.decode()


def test_admin_link_is_shown_to_trainers(client, home_page):
    trainer = UserFactory()
    group = Group.objects.create(name="Trainers test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    trainer.groups.add(group)
    client.force_login(trainer)
    assert 'href="/beheer/"' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/beheer/", "/beheer/pages/"])
def test_admin_answers_a_no_access_page_when_a_learner_opens_it(
    learner_client, home_page, path
):
    # Wagtail sent them to the login page, which sends a signed-in person back:
    # an endless redirect.
    response = learner_client.get(path)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Geen toegang tot het beheer" in content
    assert 'href="/mijn-leeromgeving/"' in content


def test_admin_still_asks_to_log_in_when_nobody_is_signed_in(client, home_page):
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_opens_for_trainers_when_they_may_access_it(client, home_page):
    trainer = UserFactory()
    group = Group.objects.create(name="Trainers test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    trainer.groups.add(group)
    client.force_login(trainer)
    assert client.get("/beheer/").status_code == 200
