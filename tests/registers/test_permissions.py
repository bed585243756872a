"""The registration permission (issue 15): it exists under its Dutch name, can be
given to a group in the admin, and whoever holds it signs in with two factors
(they see learners' BIG numbers); learners do not need to."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail import hooks

from tests.factories.users import UserFactory
from training.mfa import MFA_REQUIRED_HOOK

pytestmark = pytest.mark.django_db


def _permission():
    return Permission.objects.get(
        content_type__app_label="registers", codename="manage_registrations"
    )


def test_permission_exists_and_is_offered_in_the_group_editor():
    permission = _permission()
    assert permission.name == "registratie van punten beheren"
    offered = {p.pk for hook in hooks.get_hooks("register_permissions") for p in hook()}
    assert permission.pk in offered


def test_holder_of_the_permission_needs_two_factors_and_a_learner_not():
    holder, learner = UserFactory(), UserFactory()
    group = Group.objects.create(name="Puntenregistratie")
    group.permissions.add(_permission())
    holder.groups.add(group)
    checks = hooks.get_hooks(MFA_REQUIRED_HOOK)
    assert any(check(holder) for check in checks)
    assert not any(check(learner) for check in checks)
