"""The learner hears that a certificate was issued: one email per certificate, in
their language, with the way to their certificates and the verification page."""

import pytest
from django.core import mail

from certificates.credentials import verification_url
from certificates.services.issue import certificate_issue
from tests.factories.certificates import certificate_earn
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_learner_gets_one_email_when_the_certificate_is_issued(
    course_tree, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_earn(user=user, tree=course_tree)
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_issue(user=user, course=course_tree.course) == certificate

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject == (
        f"[Bijblijven] Je certificaat {certificate.course_title} is uitgegeven"
    )
    assert "/certificaten/" in message.body
    assert verification_url(certificate) in message.body


def test_issued_email_is_in_english_when_the_learner_prefers_english(
    course_tree, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        certificate_earn(user=user, tree=course_tree)
    (message,) = mail.outbox
    assert "has been issued" in message.subject
    assert message.body.startswith(f"Dear {user.first_name},")
