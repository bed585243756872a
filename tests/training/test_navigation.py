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
