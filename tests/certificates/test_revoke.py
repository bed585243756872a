"""Revocation: by a trainer with the permission, with a reason, logged, once."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from certificates.models import CertificateStatusLog
from certificates.services.revoke import CertificateAlreadyRevoked, certificate_revoke
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_certificate", "revoke_certificate"]
        )
    )
    return user


@pytest.fixture
def certificate(course_tree):
    return CertificateFactory(course=course_tree.course)


def test_revoke_logs_who_when_and_why_when_allowed(certificate, trainer):
    revoked = certificate_revoke(
        certificate=certificate, actor=trainer, reason="Frauduleus behaald"
    )
    assert revoked.revoked_at is not None
    log = CertificateStatusLog.objects.get(to_status="REVOKED")
    assert (log.actor, log.from_status, log.reason) == (
        trainer,
        "VALID",
        "Frauduleus behaald",
    )


def test_revoke_twice_is_refused_with_a_clear_message_and_no_change(
    certificate, trainer
):
    first = certificate_revoke(certificate=certificate, actor=trainer, reason="Eén")
    with pytest.raises(CertificateAlreadyRevoked, match="al ingetrokken op"):
        certificate_revoke(certificate=certificate, actor=trainer, reason="Twee")
    certificate.refresh_from_db()
    assert certificate.revoked_at == first.revoked_at
    assert certificate.revocation_reason == "Eén"
    assert CertificateStatusLog.objects.filter(to_status="REVOKED").count() == 1


def test_revoke_is_refused_without_reason_or_permission(certificate, trainer):
    with pytest.raises(ValidationError, match="reden"):
        certificate_revoke(certificate=certificate, actor=trainer, reason="  ")
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, actor=UserFactory(), reason="x")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_admin_listing_and_revoke_form_work_when_trainer_has_permission(
    client, certificate, trainer
):
    client.force_login(trainer)
    listing = client.get(reverse("certificates_admin:index"), {"q": certificate.code})
    assert listing.status_code == 200
    assert escape(certificate.holder_name) in listing.content.decode()
    url = reverse("certificates_admin:detail", kwargs={"pk": certificate.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Op verzoek van het register"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Op verzoek van het register" in page
    assert "Certificaat intrekken" not in page
    again = client.post(url, {"reason": "Nog eens"}, follow=True)
    assert "al ingetrokken op" in again.content.decode()


def test_admin_listing_is_refused_when_the_permission_is_missing(client, certificate):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # the Wagtail admin turns PermissionDenied into a redirect to its home page
    listing = client.get(reverse("certificates_admin:index"))
    assert (listing.status_code, listing["Location"]) == (302, "/beheer/")
    detail = reverse("certificates_admin:detail", kwargs={"pk": certificate.pk})
    assert client.post(detail, {"reason": "x"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_deleting_a_course_with_certificates_is_refused_in_the_admin(
    admin_client, certificate
):
    course = certificate.course
    url = reverse("wagtailadmin_pages:delete", args=[course.pk])
    response = admin_client.post(url, follow=True)
    assert "kan niet verwijderd worden" in response.content.decode()
    course.refresh_from_db()
    catalogue = course.get_parent()
    response = admin_client.post(
        reverse("wagtailadmin_pages:delete", args=[catalogue.pk]), follow=True
    )
    assert "kan niet verwijderd worden" in response.content.decode()


@pytest.mark.parametrize(
    ("referer", "back_to"),
    [
        ("https://elders.example.net/phish", "/beheer/"),
        ("//elders.example.net/", "/beheer/"),
        ("http://testserver/beheer/pages/", "http://testserver/beheer/pages/"),
    ],
)
def test_refused_delete_returns_only_to_a_page_of_this_site(
    admin_client, certificate, referer, back_to
):
    url = reverse("wagtailadmin_pages:delete", args=[certificate.course.pk])
    response = admin_client.post(url, HTTP_REFERER=referer)
    assert response["Location"] == back_to


def test_admin_listing_runs_a_fixed_number_of_queries_when_many(
    client, trainer, course_tree, django_assert_max_num_queries
):
    for _ in range(10):
        CertificateFactory(course=course_tree.course)
    client.force_login(trainer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("certificates_admin:index"))
    assert response.content.decode().count("/beheer/certificaten/") >= 10
