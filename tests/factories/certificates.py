"""Certificates for tests: a plain row (`CertificateFactory`, pass `course`) or one
earned the real way (`certificate_earn`: enrol, complete every lesson, issue)."""

import datetime

import factory
from django.utils import timezone

from certificates import validity
from certificates.models import Certificate
from certificates.services.issue import accreditation_snapshot, certificate_issue
from courses.services import enrolment_create, lesson_complete
from tests.factories.users import UserFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    user = factory.SubFactory(UserFactory)
    course = None  # required: a CoursePage
    cycle = 1
    holder_name = factory.LazyAttribute(lambda o: o.user.full_name)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    content_version = "2025-01-01 09:00"
    issued_at = factory.LazyFunction(timezone.now)
    issued_on = factory.LazyAttribute(lambda o: timezone.localdate(o.issued_at))
    valid_until = factory.LazyAttribute(
        lambda o: validity.valid_until(issued_on=o.issued_on, months=24)
    )
    score_summary = factory.LazyFunction(
        lambda: {"schema_version": 1, "requirements": {"done": 4, "total": 4}}
    )
    accreditation = factory.LazyAttribute(
        lambda o: accreditation_snapshot(course=o.course)
    )


def issued_days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def certificate_earn(*, user, tree) -> Certificate:
    """Enrol `user`, complete every lesson of `tree` in the current cycle and issue.
    Wrap in `django_capture_on_commit_callbacks(execute=True)` to also render."""
    enrolment_create(user=user, course=tree.course)
    for lesson in tree.lessons:
        lesson_complete(user=user, lesson=lesson)
    return certificate_issue(user=user, course=tree.course)
