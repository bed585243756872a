"""The learner's side: "Organisatie" lists their organisations (or a friendly
empty state), "Mijn leeromgeving" shows required training with due dates, the
consent yes/no screen and revoking it, and the organisation validity override."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services.issue import validity_months_for
from organisations.models import (
    AuditAction,
    AuditLog,
    CertificateConsent,
    OrganisationValidityRule,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import MembershipFactory, requirement_create

pytestmark = pytest.mark.django_db


def test_home_shows_a_friendly_empty_state_when_without_organisation(
    learner_client,
):
    response = learner_client.get(reverse("organisations:home"))
    assert response.status_code == 200
    assert "geen lid van een organisatie" in response.content.decode()


def test_home_lists_organisations_and_links_managers_when_members(
    manager_client, organisation, other_organisation, manager
):
    MembershipFactory(organisation=other_organisation, user=manager)
    html = manager_client.get(reverse("organisations:home")).content.decode()
    assert organisation.name in html
    assert other_organisation.name in html
    assert reverse("organisations:dashboard", args=[organisation.pk]) in html
    assert reverse("organisations:dashboard", args=[other_organisation.pk]) not in html


def test_header_links_to_organisations_when_signed_in(learner_client, home_page):
    html = learner_client.get("/").content.decode()
    assert f'href="{reverse("organisations:home")}"' in html


def test_my_learning_shows_required_training_with_due_date_when_member(
    client, organisation, course_tree
):
    requirement_create(
        organisation, course_tree.course, due_date=datetime.date(2031, 3, 1)
    )
    member = MembershipFactory(organisation=organisation)
    client.force_login(member.user)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Verplicht door je organisatie" in html
    assert course_tree.course.title in html
    assert "1 maart 2031" in html
    assert "niet begonnen" in html


def test_my_learning_has_no_required_section_when_nothing_is_required(
    learner_client,
):
    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert "Verplicht door je organisatie" not in html


def test_consent_yes_then_revoke_shows_then_hides_certificates_when_decided(
    client, organisation, course_tree, manager
):
    requirement_create(organisation, course_tree.course)
    member = MembershipFactory(organisation=organisation)
    CertificateFactory(
        user=member.user,
        course=course_tree.course,
        issued_on=member.start_date - datetime.timedelta(days=100),
        valid_until=timezone.localdate() + datetime.timedelta(days=400),
    )
    client.force_login(member.user)
    url = reverse("organisations:consent", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "Mag Huisartsenpraktijk De Linde je eerdere certificaten zien?" in page
    assert client.post(url, {"consent": "yes"}).status_code == 302
    manager_view = reverse("organisations:person", args=[organisation.pk, member.pk])
    client.force_login(manager)
    assert "Geen certificaten die" not in client.get(manager_view).content.decode()
    client.force_login(member.user)
    client.post(url, {"consent": "no"})
    consent = CertificateConsent.objects.get()
    assert consent.revoked_at is not None
    client.force_login(manager)
    assert "Geen certificaten die" in client.get(manager_view).content.decode()
    actions = list(
        AuditLog.objects.filter(subject=member.user)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.CONSENT_GIVEN, AuditAction.CONSENT_REVOKED]


def test_consent_form_requires_a_choice_when_posted_empty(client, organisation):
    member = MembershipFactory(organisation=organisation)
    client.force_login(member.user)
    url = reverse("organisations:consent", args=[organisation.pk])
    response = client.post(url, {"consent": "misschien"})
    assert response.status_code == 200
    assert "bb-errorsummary" in response.content.decode()
    assert not CertificateConsent.objects.exists()


def test_organisation_validity_rule_overrides_the_course_when_member(
    organisation, other_organisation, course_tree, user
):
    course = course_tree.course
    assert validity_months_for(course=course, user=user) == 24
    MembershipFactory(organisation=organisation, user=user)
    OrganisationValidityRule.objects.create(
        organisation=organisation, course=course, months=18
    )
    assert validity_months_for(course=course, user=user) == 18
    OrganisationValidityRule.objects.create(
        organisation=organisation, course=course, profession=user.profession, months=12
    )
    assert validity_months_for(course=course, user=user) == 12
    MembershipFactory(organisation=other_organisation, user=user)
    OrganisationValidityRule.objects.create(
        organisation=other_organisation, course=course, months=6
    )
    assert validity_months_for(course=course, user=user) == 6


def test_validity_rule_of_an_organisation_left_does_not_apply_when_ended(
    organisation, course_tree, user
):
    MembershipFactory(
        organisation=organisation,
        user=user,
        start_date=timezone.localdate() - datetime.timedelta(days=100),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    OrganisationValidityRule.objects.create(
        organisation=organisation, course=course_tree.course, months=3
    )
    assert validity_months_for(course=course_tree.course, user=user) == 24


def test_required_panel_statuses_equal_the_matrix_row_when_read_for_one_learner(
    organisation, other_organisation, home_page, user
):
    """The panel decides the learner's statuses from their own certificates and
    activity; the compliance matrix's row for the same member must agree, in
    both organisations (consent in one only), across every kind of fact."""
    from courses.models import Enrolment
    from courses.services import enrolment_create
    from organisations.selectors.learner import required_for_learner
    from organisations.selectors.matrix import person_cells
    from tests.factories.courses import course_tree_create

    today = timezone.localdate()
    days = datetime.timedelta
    courses = [
        course_tree_create(
            home_page,
            slug=f"eis-{n}",
            title=f"Eis {n}",
            modules=1,
            lessons_per_module=1,
        ).course
        for n in range(9)
    ]
    joined_here = MembershipFactory(
        organisation=organisation, user=user, start_date=today - days(30)
    )
    joined_there = MembershipFactory(
        organisation=other_organisation, user=user, start_date=today - days(300)
    )
    CertificateConsent.objects.create(
        user=user,
        organisation=other_organisation,
        granted=True,
        decided_at=timezone.now(),
    )
    for n, course in enumerate(courses):
        requirement_create(organisation, course, due_date=today + days(10 * n - 20))
        requirement_create(other_organisation, course, due_within_days=30)

    def certificate(course, *, issued_days_ago, valid_days, **fields):
        issued_on = today - days(issued_days_ago)
        return CertificateFactory(
            user=user,
            course=course,
            issued_on=issued_on,
            valid_until=today + days(valid_days),
            **fields,
        )

    certificate(courses[0], issued_days_ago=5, valid_days=700)  # while a member
    certificate(courses[1], issued_days_ago=100, valid_days=600)  # before joining
    certificate(courses[2], issued_days_ago=20, valid_days=-3)  # expired
    certificate(courses[3], issued_days_ago=10, valid_days=30)  # expiring
    certificate(
        courses[4], issued_days_ago=10, valid_days=700, revoked_at=timezone.now()
    )
    newer = certificate(courses[5], issued_days_ago=400, valid_days=300, cycle=2)
    certificate(courses[5], issued_days_ago=900, valid_days=800, replaced_by=newer)
    certificate(courses[6], issued_days_ago=500, valid_days=-10)  # before, expired
    for course, active_days_ago in ((courses[7], 60), (courses[8], 3)):
        enrolment_create(user=user, course=course)
        Enrolment.objects.filter(user=user, course=course).update(
            last_activity_at=timezone.now() - days(active_days_ago)
        )

    groups = {
        group.organisation.pk: {item.course.pk: item.cell for item in group.items}
        for group in required_for_learner(user=user, today=today)
    }
    statuses = set()
    for membership in (joined_here, joined_there):
        matrix = {
            column.course_id: cell
            for column, cell in person_cells(
                organisation=membership.organisation, membership=membership, today=today
            )
        }
        assert groups[membership.organisation_id] == matrix
        statuses |= {cell.status for cell in matrix.values()}
    assert len(statuses) >= 5  # the facts above reach most statuses
