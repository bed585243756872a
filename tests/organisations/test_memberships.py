"""Joining, roles, teams and required training: every change audited, members
enrolled in what is required of them."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import Enrolment
from courses.models.progress import EnrolmentSource
from organisations.models import AuditAction, AuditLog, MembershipRole
from organisations.services.memberships import (
    membership_end,
    membership_join,
    membership_role_change,
    membership_team_change,
    team_create,
)
from organisations.services.requirements import (
    required_training_add,
    required_training_remove,
)
from tests.factories.organisations import MembershipFactory, TeamFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def actions(organisation):
    return list(
        AuditLog.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_joining_enrols_in_required_courses_when_a_requirement_exists(
    organisation, requirement, user
):
    membership = membership_join(user=user, organisation=organisation)
    enrolment = Enrolment.objects.get(user=user, course=requirement.course)
    assert enrolment.source == EnrolmentSource.ASSIGNED
    assert membership.role == MembershipRole.LEARNER
    assert actions(organisation) == [AuditAction.MEMBER_ADDED]


def test_joining_again_changes_nothing_when_already_a_member(organisation, user):
    first = membership_join(user=user, organisation=organisation)
    second = membership_join(user=user, organisation=organisation)
    assert first.pk == second.pk
    assert actions(organisation) == [AuditAction.MEMBER_ADDED]


def test_joining_restarts_an_ended_membership_when_rejoining(organisation, manager):
    member = MembershipFactory(organisation=organisation)
    membership_end(membership=member, actor=manager)
    again = membership_join(user=member.user, organisation=organisation)
    assert again.end_date is None
    assert again.is_active(again.start_date)


def test_role_change_is_audited_when_an_admin_changes_it(organisation, manager):
    member = MembershipFactory(organisation=organisation)
    membership_role_change(
        membership=member, role=MembershipRole.MANAGER, actor=manager
    )
    log = AuditLog.objects.get(action=AuditAction.ROLE_CHANGED)
    assert (log.actor, log.subject) == (manager, member.user)
    assert log.detail["before"] == "learner"
    assert log.detail["after"] == "manager"


def test_last_admin_cannot_step_down_when_alone(organisation, manager):
    own = manager.memberships.get()
    with pytest.raises(ValidationError, match="minstens één"):
        membership_role_change(
            membership=own, role=MembershipRole.LEARNER, actor=manager
        )
    with pytest.raises(ValidationError, match="minstens één"):
        membership_end(membership=own, actor=manager)


def test_team_change_refuses_another_organisations_team_when_given(
    organisation, other_organisation, manager
):
    member = MembershipFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        membership_team_change(
            membership=member,
            team=TeamFactory(organisation=other_organisation),
            actor=manager,
        )
    team = TeamFactory(organisation=organisation)
    membership_team_change(membership=member, team=team, actor=manager)
    assert AuditLog.objects.filter(action=AuditAction.TEAM_CHANGED).count() == 1


def test_team_create_refuses_duplicates_and_deep_nesting_when_asked(organisation):
    top = team_create(organisation=organisation, name="Zorg")
    sub = team_create(organisation=organisation, name="Wijk", parent=top)
    with pytest.raises(ValidationError, match="bestaat al"):
        team_create(organisation=organisation, name=" zorg ")
    with pytest.raises(ValidationError, match="één niveau"):
        team_create(organisation=organisation, name="Dieper", parent=sub)
    with pytest.raises(ValidationError):
        team_create(organisation=organisation, name="   ")


def test_adding_a_requirement_enrols_current_members_when_it_applies(
    organisation, course_tree, manager, django_capture_on_commit_callbacks
):
    nurse = MembershipFactory(
        organisation=organisation, user=UserFactory(profession="ziekenhuis")
    )
    gp = MembershipFactory(
        organisation=organisation, user=UserFactory(profession="huisarts")
    )
    with django_capture_on_commit_callbacks(execute=True):
        required_training_add(
            organisation=organisation,
            course=course_tree.course,
            actor=manager,
            audience="profession",
            profession="ziekenhuis",
            due_within_days=14,
        )
    assert Enrolment.objects.filter(user=nurse.user).exists()
    assert not Enrolment.objects.filter(user=gp.user).exists()
    assert AuditAction.REQUIREMENT_ADDED in actions(organisation)


def test_team_requirement_enrols_subteam_members_when_added(
    organisation, course_tree, manager, django_capture_on_commit_callbacks
):
    top = TeamFactory(organisation=organisation)
    sub = TeamFactory(organisation=organisation, parent=top)
    in_sub = MembershipFactory(organisation=organisation, team=sub)
    outside = MembershipFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        required_training_add(
            organisation=organisation,
            course=course_tree.course,
            actor=manager,
            audience="team",
            team=top,
            due_within_days=14,
        )
    assert Enrolment.objects.filter(user=in_sub.user).exists()
    assert not Enrolment.objects.filter(user=outside.user).exists()


def test_requirement_refuses_bad_shapes_when_added(
    organisation, other_organisation, course_tree, manager
):
    with pytest.raises(ValidationError):
        required_training_add(
            organisation=organisation, course=course_tree.course, actor=manager
        )
    with pytest.raises(ValidationError):
        required_training_add(
            organisation=organisation,
            course=course_tree.course,
            actor=manager,
            audience="team",
            team=TeamFactory(organisation=other_organisation),
            due_within_days=3,
        )
    course_tree.course.unpublish()
    with pytest.raises(ValidationError, match="niet"):
        required_training_add(
            organisation=organisation,
            course=course_tree.course,
            actor=manager,
            due_within_days=3,
        )


def test_removing_a_requirement_is_audited_and_keeps_enrolments_when_removed(
    organisation, requirement, manager, user
):
    membership_join(user=user, organisation=organisation)
    required_training_remove(requirement=requirement, actor=manager)
    assert AuditAction.REQUIREMENT_REMOVED in actions(organisation)
    assert Enrolment.objects.filter(user=user).exists()
