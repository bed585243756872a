"""The verification page kept whole for visitors (certificates/verify_cache.py,
issue 21): a cached page takes no query, and a revocation, an erased holder or a
changed setting shows on the next visit; signed-in people never get it."""

import pytest
from django.contrib.auth.models import Permission

from certificates.services.revoke import certificate_revoke
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory
from training.erasure import account_erase

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(course_tree):
    holder = UserFactory(first_name="Sanne", last_name="de Vries")
    return CertificateFactory(user=holder, course=course_tree.course)


def _url(certificate) -> str:
    return f"/verify/{certificate.code_display}/"


def _cached(client, certificate, django_assert_max_num_queries) -> str:
    client.get(_url(certificate))
    with django_assert_max_num_queries(0):
        response = client.get(_url(certificate))
    assert response.status_code == 200
    return response.content.decode()


def test_verification_page_takes_at_most_two_queries_then_none(
    client, certificate, course_tree, django_assert_max_num_queries
):
    other = CertificateFactory(user=UserFactory(), course=course_tree.course)
    client.get(_url(other))  # warms settings and footer links, as a running site
    with django_assert_max_num_queries(2):  # the certificate, its notices
        assert client.get(_url(certificate)).status_code == 200
    assert "Sanne de Vries" in _cached(
        client, certificate, django_assert_max_num_queries
    )


def test_revoked_certificate_shows_on_next_visit_when_page_was_cached(
    client, certificate, django_assert_max_num_queries
):
    trainer = UserFactory()
    trainer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_certificate", "revoke_certificate"]
        )
    )
    _cached(client, certificate, django_assert_max_num_queries)
    certificate_revoke(certificate=certificate, actor=trainer, reason="Fraude")
    assert "is ingetrokken op" in client.get(_url(certificate)).content.decode()


def test_erased_holder_name_is_gone_on_next_visit_when_page_was_cached(
    client, certificate, django_assert_max_num_queries
):
    assert "Sanne de Vries" in _cached(
        client, certificate, django_assert_max_num_queries
    )
    account_erase(user=certificate.user, actor=certificate.user)
    assert "Sanne de Vries" not in client.get(_url(certificate)).content.decode()


def test_signed_in_person_gets_own_header_when_page_was_cached_for_visitors(
    client, certificate, django_assert_max_num_queries
):
    from django.test import Client

    _cached(client, certificate, django_assert_max_num_queries)
    signed_in = Client()
    signed_in.force_login(UserFactory())
    html = signed_in.get(_url(certificate)).content.decode()
    assert "Uitloggen" in html
    assert "Sanne de Vries" in html
