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
