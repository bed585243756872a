"""Issue 18 item 8: a required course already covered by a valid certificate the
organisation cannot see yet. The person is asked (after joining and on "Mijn
leeromgeving") whether to share it, with "Delen" / "Niet delen"; the manager
sees "certificaat aanwezig, nog niet gedeeld" until then, and the certificate's
real status once it is shared."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organisations.compliance import CellStatus
from organisations.models import AuditAction, AuditLog, CertificateConsent
from organisations.selectors.dashboard import Filters, dashboard_get
from organisations.services.invitations import invitation_create_email
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
PROMPT = "Je certificaat delen met Huisartsenpraktijk De Linde?"


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def certified(organisation, course_tree):
    """A member who joined ten days ago with a certificate earned before."""
    requirement_create(organisation, course_tree.course, due_within_days=30)
    membership = MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="gecertificeerd@example.org"),
        start_date=today() - datetime.timedelta(days=10),
    )
    CertificateFactory(
        user=membership.user,
        course=course_tree.course,
        issued_on=today() - datetime.timedelta(days=100),
        valid_until=datetime.date(2031, 7, 9),
    )
    return membership


def manager_status(organisation):
    board = dashboard_get(
        organisation=organisation, filters=Filters(), page_number=1, today=today()
    )
    person = next(
        p for p in board.page.object_list if p.email == "gecertificeerd@example.org"
    )
    return person.cells[0]


def my_learning(client) -> str:
    return client.get(reverse("courses:my_learning")).content.decode()


def consent_url(organisation):
    return reverse("organisations:consent", args=[organisation.pk])


def test_my_learning_asks_to_share_and_lists_the_covered_course_when_unshared(
    client, organisation, certified, course_tree
):
    client.force_login(certified.user)
    html = my_learning(client)
    assert PROMPT in html
    prompt = html[html.index(PROMPT) : html.index("</form>", html.index(PROMPT))]
    assert f"<li>{course_tree.course.title}</li>" in prompt
    assert 'name="consent" value="yes"' in prompt
    assert 'name="consent" value="no"' in prompt
    assert 'name="csrfmiddlewaretoken"' in prompt
    assert f'action="{consent_url(organisation)}"' in prompt
    assert "certificaat aanwezig, nog niet gedeeld" in html


def test_my_learning_does_not_ask_when_nothing_required_is_covered(
    client, organisation, course_tree
):
    requirement_create(organisation, course_tree.course)
    membership = MembershipFactory(organisation=organisation)
    client.force_login(membership.user)
    assert PROMPT not in my_learning(client)


def test_sharing_shows_the_manager_the_real_status_when_shared(
    client, organisation, certified
):
    assert manager_status(organisation).status == CellStatus.NIET_GEDEELD
    client.force_login(certified.user)
    response = client.post(
        consent_url(organisation),
        {"consent": "yes", "next": reverse("courses:my_learning")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:my_learning")
    cell = manager_status(organisation)
    assert cell.status == CellStatus.GELDIG
    assert cell.date == datetime.date(2031, 7, 9)
    assert PROMPT not in my_learning(client)


def test_declining_hides_the_prompt_and_is_remembered_when_not_shared(
    client, organisation, certified
):
    client.force_login(certified.user)
    client.post(
        consent_url(organisation),
        {"consent": "no", "next": reverse("courses:my_learning")},
    )
    html = my_learning(client)
    assert PROMPT not in html
    assert "Keuze wijzigen" in html
    assert manager_status(organisation).status == CellStatus.NIET_GEDEELD
    client.post(consent_url(organisation), {"consent": "yes"})
    assert manager_status(organisation).status == CellStatus.GELDIG


def test_answering_twice_changes_nothing_more_when_repeated(
    client, organisation, certified
):
    client.force_login(certified.user)
    for _ in range(2):
        client.post(consent_url(organisation), {"consent": "yes"})
    assert CertificateConsent.objects.filter(user=certified.user).count() == 1
    assert (
        AuditLog.objects.filter(
            subject=certified.user, action=AuditAction.CONSENT_GIVEN
        ).count()
        == 1
    )


def test_share_form_refuses_a_post_without_csrf_token_when_checked(
    organisation, certified
):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(certified.user)
    response = strict.post(consent_url(organisation), {"consent": "yes"})
    assert response.status_code == 403
    assert not CertificateConsent.objects.exists()


def test_next_outside_the_site_is_ignored_when_given(client, organisation, certified):
    client.force_login(certified.user)
    response = client.post(
        consent_url(organisation),
        {"consent": "no", "next": "https://elders.example/"},
    )
    assert response["Location"] == reverse("organisations:home")


def test_joining_asks_to_share_and_lists_the_covered_course_when_accepted(
    client, organisation, manager, course_tree, django_capture_on_commit_callbacks
):
    requirement_create(organisation, course_tree.course, due_within_days=30)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create_email(
            organisation=organisation, email="nieuw@example.org", actor=manager
        )
    person = UserFactory(email="nieuw@example.org")
    CertificateFactory(
        user=person,
        course=course_tree.course,
        issued_on=today() - datetime.timedelta(days=100),
        valid_until=today() + datetime.timedelta(days=500),
    )
    client.force_login(person)
    response = client.post(
        reverse("organisations:invitation", args=[invitation.token]), follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == consent_url(organisation)
    assert f"<li>{course_tree.course.title}</li>" in html
    assert ">Delen<" in html
    assert ">Niet delen<" in html
    assert "certificaat aanwezig, nog niet gedeeld" in html


def test_manager_learns_no_certificate_details_when_unshared(
    manager_client, organisation, certified
):
    html = manager_client.get(
        reverse("organisations:person", args=[organisation.pk, certified.pk])
    ).content.decode()
    assert "certificaat aanwezig, nog niet gedeeld" in html
    assert "2031" not in html
    assert certified.user.certificates.get().code not in html
