"""Content-driven recertification: a published material change reaches holders of
valid certificates, who complete just the changed module; mandatory updates have a
grace period (frozen clock)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.models import CertificateStatusLog, ContentUpdateNotice
from certificates.services.content_updates import notice_complete
from certificates.status import status_of
from certificates.validity import Status
from tests.factories.certificates import CertificateFactory, issued_days_ago
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _publish_material_change(lesson, summary="Nieuwe richtlijn voor GHB."):
    lesson = lesson.specific
    lesson.material_change = True
    lesson.material_change_summary = summary
    revision = lesson.save_revision()
    revision.publish()
    return revision


@pytest.fixture
def holder_certificate(course_tree):
    return CertificateFactory(course=course_tree.course, issued_at=issued_days_ago(30))


def test_material_change_notifies_valid_holders_by_email_when_published(
    course_tree, holder_certificate, django_capture_on_commit_callbacks
):
    revoked = CertificateFactory(
        course=course_tree.course, issued_at=issued_days_ago(30)
    )
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])
    expired = CertificateFactory(
        course=course_tree.course,
        issued_at=issued_days_ago(900),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[2])
    notice = ContentUpdateNotice.objects.get()
    assert notice.certificate == holder_certificate
    assert notice.page_ids == [course_tree.lessons[2].pk, course_tree.lessons[3].pk]
    assert notice.due_on is None  # the course's default policy is advisory
    (message,) = mail.outbox
    assert message.to == [holder_certificate.user.email]
    assert "Nieuwe richtlijn voor GHB." in message.body
    assert f"/certificaten/{holder_certificate.code_display}/bijwerken/" in message.body
    assert not ContentUpdateNotice.objects.filter(certificate__in=[revoked, expired])
    # the safety-net command creates nothing twice
    call_command("notify_content_changes")
    assert ContentUpdateNotice.objects.count() == 1
    assert len(mail.outbox) == 1


def test_unmarked_publish_notifies_nobody(course_tree, holder_certificate):
    course_tree.lessons[0].save_revision().publish()
    assert not ContentUpdateNotice.objects.exists()


def test_certificate_issued_after_the_change_gets_no_notice(
    course_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[0])
    CertificateFactory(course=course_tree.course)
    call_command("notify_content_changes")
    assert not ContentUpdateNotice.objects.exists()


def test_mandatory_update_becomes_overdue_after_the_grace_period(
    course_tree, holder_certificate, django_capture_on_commit_callbacks
):
    course = course_tree.course
    course.content_update_policy = "mandatory"
    course.content_update_grace_days = 30
    course.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[0])
    notice = ContentUpdateNotice.objects.get()
    today = timezone.localdate()
    assert notice.due_on == today + datetime.timedelta(days=30)
    holder_certificate.refresh_from_db()

    def status_on(day):
        return status_of(certificate=holder_certificate, today=day)

    assert status_on(today + datetime.timedelta(days=30)) == Status.CONTENT_UPDATED
    assert status_on(today + datetime.timedelta(days=31)) == Status.UPDATE_OVERDUE
    later = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        client_html = _verify_html(holder_certificate)
    assert "verplichte update niet op tijd afgerond" in client_html


def _verify_html(certificate):
    from django.test import Client

    return Client().get(f"/verify/{certificate.code_display}/").content.decode()


def test_holder_completes_update_by_opening_changed_lessons_then_confirming(
    course_tree, holder_certificate, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[0])
    notice = ContentUpdateNotice.objects.get()
    client.force_login(holder_certificate.user)
    url = reverse(
        "certificates:update",
        kwargs={"code": holder_certificate.code_display, "notice_id": notice.pk},
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Nieuwe richtlijn voor GHB." in page.content.decode()
    # confirming before opening the lessons is refused
    client.post(url)
    notice.refresh_from_db()
    assert notice.completed_at is None
    assert notice.acknowledged_at is not None
    for lesson in course_tree.lessons[:2]:
        response = client.get(f"{url}les/{lesson.pk}/")
        assert response.status_code == 302
        assert response["Location"] == lesson.url
    response = client.post(url)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.completed_at is not None
    assert "inhoud sindsdien bijgewerkt" not in _verify_html(holder_certificate)
    log = CertificateStatusLog.objects.filter(certificate=holder_certificate)
    assert list(log.values_list("to_status", flat=True)) == ["CONTENT_UPDATED", "VALID"]


def test_update_pages_are_not_found_for_someone_else(
    course_tree, holder_certificate, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[0])
    notice = ContentUpdateNotice.objects.get()
    other = UserFactory()
    client.force_login(other)
    url = reverse(
        "certificates:update",
        kwargs={"code": holder_certificate.code_display, "notice_id": notice.pk},
    )
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    with pytest.raises(ValidationError):
        notice_complete(user=holder_certificate.user, notice=notice)


def test_my_learning_shows_what_changed_when_an_update_is_open(
    course_tree, holder_certificate, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[0], summary="Wet gewijzigd.")
    client.force_login(holder_certificate.user)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Inhoud bijgewerkt: wat is er veranderd" in html
    assert "Wet gewijzigd." in html


def test_content_update_email_is_in_english_when_the_holder_prefers_english(
    course_tree, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language="en")
    CertificateFactory(
        user=user, course=course_tree.course, issued_at=issued_days_ago(5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish_material_change(course_tree.lessons[0], summary="New guideline.")
    (message,) = mail.outbox
    assert message.subject == f"[Bijblijven] Course updated: {course_tree.course.title}"
    assert "Dear" in message.body
    assert "New guideline." in message.body
