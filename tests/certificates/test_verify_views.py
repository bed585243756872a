"""The public verification page: status, the few facts it may show, friendly
"niet gevonden" and rate limiting."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from certificates.models import ContentUpdateNotice
from certificates.services.content_updates import content_change_notify
from courses.models import ContentChange, CourseAccreditation
from tests.factories.certificates import CertificateFactory
from tests.factories.registers import RegisterFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(course_tree):
    CourseAccreditation.objects.create(
        course=course_tree.course,
        register=RegisterFactory(code="other"),
        register_name="Register Verpleegkundigen",
        points=3,
    )
    user = UserFactory(first_name="Sanne", last_name="de Vries")
    return CertificateFactory(
        user=user,
        course=course_tree.course,
        score_summary={
            "schema_version": 1,
            "requirements": {"done": 4, "total": 4},
            "assessments": [{"title": "Eindtoets", "kind": "quiz", "score": 0.87}],
        },
    )


def _page(client, certificate):
    response = client.get(f"/verify/{certificate.code_display}/")
    return response, response.content.decode()


def test_verification_shows_holder_course_dates_and_valid_when_current(
    client, certificate
):
    response, html = _page(client, certificate)
    assert response.status_code == 200
    assert "Sanne de Vries" in html
    assert certificate.course_title in html
    assert "Register Verpleegkundigen" in html
    assert "bb-status--ok" in html
    assert ">geldig<" in html
    assert response["Cache-Control"] == "no-store"


def test_verification_shows_no_email_or_score_when_rendered(client, certificate):
    _response, html = _page(client, certificate)
    assert certificate.user.email not in html
    assert "87%" not in html
    assert "87 %" not in html
    # the visible text; the random code and the CSRF token may hold "87" by chance
    text = re.sub(r"<[^>]*>", " ", html)
    for code in (certificate.code_display, certificate.code):
        text = text.replace(code, "")
    assert "87" not in text
    assert "Eindtoets" not in html


def test_verification_accepts_the_code_without_hyphens_and_in_lower_case(
    client, certificate
):
    response = client.get(f"/verify/{certificate.code.lower()}/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "code",
    ["ZZZZ-ZZZZ-ZZZZ-ZZZZ", "nonsense", "x" * 500, "%00%ff", "<script>", "'; drop"],
)
def test_verification_shows_friendly_not_found_when_code_is_bad(client, code):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404
    assert "Certificaat niet gevonden" in response.content.decode()


def test_verification_form_redirects_to_the_page_when_a_code_is_typed(
    client, certificate
):
    response = client.get("/verify/", {"code": f" {certificate.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code_display}/"
    form = client.get("/verify/")
    assert form.status_code == 200
    assert 'name="code"' in form.content.decode()
    bad = client.get("/verify/", {"code": "geen-code"})
    assert bad.status_code == 404


@override_settings(CERTIFICATE_VERIFY_RATE_LIMIT=5)
def test_verification_is_rate_limited_per_ip_when_many_lookups(client, certificate):
    for _ in range(5):
        assert client.get("/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ/").status_code == 404
    response = client.get(f"/verify/{certificate.code_display}/")
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()
    other = client.get(f"/verify/{certificate.code_display}/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@override_settings(CERTIFICATE_VERIFY_RATE_LIMIT=5, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_verification_limit_counts_per_client_behind_the_proxy(client, certificate):
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy
    for _ in range(5):
        client.get(
            "/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ/",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
            **via_proxy,
        )
    url = f"/verify/{certificate.code_display}/"
    # a spoofed left-most address does not give the busy client a fresh limit
    spoofed = "203.0.113.9, 198.51.100.1"
    assert client.get(url, HTTP_X_FORWARDED_FOR=spoofed, **via_proxy).status_code == 429
    other = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2", **via_proxy)
    assert other.status_code == 200


def test_verification_shows_revoked_with_date_when_revoked(client, certificate):
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = "Fraude"
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    _response, html = _page(client, certificate)
    assert "ingetrokken" in html
    assert "is ingetrokken op" in html
    assert "Fraude" not in html


def test_verification_shows_replaced_when_a_newer_cycle_exists(client, certificate):
    newer = CertificateFactory(
        user=certificate.user, course=certificate.course, cycle=2
    )
    certificate.replaced_by = newer
    certificate.save(update_fields=["replaced_by"])
    _response, html = _page(client, certificate)
    assert "vervangen door nieuwere certificering" in html


def test_verification_shows_expired_and_expiring_by_date(client, course_tree):
    today = timezone.localdate()
    expired = CertificateFactory(
        course=course_tree.course, valid_until=today - datetime.timedelta(days=1)
    )
    expiring = CertificateFactory(
        course=course_tree.course, valid_until=today + datetime.timedelta(days=10)
    )
    assert ">verlopen<" in _page(client, expired)[1]
    assert ">verloopt binnenkort<" in _page(client, expiring)[1]


def test_verification_shows_content_updated_with_summary_until_caught_up(
    client, certificate, course_tree
):
    lesson = course_tree.lessons[0]
    revision = lesson.save_revision()
    revision.publish()
    change = ContentChange.objects.create(
        course=course_tree.course,
        page=lesson,
        module=course_tree.modules[0],
        revision=revision,
        summary="Nieuwe richtlijn over GHB-onttrekking.",
    )
    content_change_notify(change=change, email=False)
    _response, html = _page(client, certificate)
    assert "geldig — inhoud sindsdien bijgewerkt" in html
    assert "Nieuwe richtlijn over GHB-onttrekking." in html
    for notice in ContentUpdateNotice.objects.all():  # saved, as notice_complete
        notice.completed_at = timezone.now()
        notice.save(update_fields=["completed_at"])
    _response, html = _page(client, certificate)
    assert "inhoud sindsdien bijgewerkt" not in html


def test_verification_turns_expired_the_day_after_valid_until_when_clock_moves(
    client, certificate
):
    import time_machine

    last_day = datetime.datetime.combine(
        certificate.valid_until, datetime.time(23, 0)
    ).replace(tzinfo=timezone.get_current_timezone())
    with time_machine.travel(last_day, tick=False):
        assert ">verloopt binnenkort<" in _page(client, certificate)[1]
    with time_machine.travel(last_day + datetime.timedelta(hours=2), tick=False):
        assert ">verlopen<" in _page(client, certificate)[1]
