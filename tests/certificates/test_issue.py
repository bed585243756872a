"""Issuing: completion turns into exactly one certificate per cycle, recorded with
everything that was true at issue, its PDF made by a task."""

import datetime
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from assessments.services import answer_mark, attempt_start, attempt_submit
from certificates.models import Certificate, CertificateStatusLog, ValidityRule
from certificates.models.certificate import CertificateImmutableError
from certificates.services.issue import CertificateNotEarned, certificate_issue
from certificates.services.renewal import certificate_renewal_start
from courses.models import CourseAccreditation
from courses.services import enrolment_create, lesson_complete
from tests.certificates.test_pdf import _tool
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
    staff_create,
)
from tests.factories.certificates import CertificateFactory, certificate_earn
from tests.factories.registers import RegisterFactory

pytestmark = pytest.mark.django_db


def _complete(user, tree, lessons=None):
    for lesson in lessons if lessons is not None else tree.lessons:
        lesson_complete(user=user, lesson=lesson)


def test_certificate_is_issued_and_rendered_when_the_last_lesson_is_completed(
    course_tree, user, django_capture_on_commit_callbacks
):
    enrolment_create(user=user, course=course_tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        _complete(user, course_tree, course_tree.lessons[:-1])
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _complete(user, course_tree, course_tree.lessons[-1:])
    certificate = Certificate.objects.get()
    assert certificate.user == user
    assert certificate.cycle == 1
    assert certificate.holder_name == user.full_name
    assert certificate.course_title == course_tree.course.title
    assert certificate.revision == course_tree.course.live_revision
    assert certificate.score_summary["requirements"] == {"done": 4, "total": 4}
    assert certificate.is_rendered
    assert certificate.credential["type"] == [
        "VerifiableCredential",
        "OpenBadgeCredential",
    ]
    assert certificate.pdf.read(5) == b"%PDF-"
    log = CertificateStatusLog.objects.get(certificate=certificate)
    assert (log.from_status, log.to_status) == ("", "VALID")


def test_issue_is_refused_without_change_when_the_course_is_incomplete(
    course_tree, user
):
    enrolment_create(user=user, course=course_tree.course)
    _complete(user, course_tree, course_tree.lessons[:2])
    with pytest.raises(CertificateNotEarned, match="nog niet afgerond"):
        certificate_issue(user=user, course=course_tree.course)
    assert not Certificate.objects.exists()
    assert isinstance(CertificateNotEarned("x"), ValidationError)


def test_issue_is_refused_when_not_enrolled(course_tree, user):
    with pytest.raises(CertificateNotEarned, match="niet ingeschreven"):
        certificate_issue(user=user, course=course_tree.course)


def test_issue_returns_the_same_certificate_when_called_twice(course_tree, user):
    first = certificate_earn(user=user, tree=course_tree)
    again = certificate_issue(user=user, course=course_tree.course)
    assert again.pk == first.pk
    assert Certificate.objects.count() == 1


def test_certificate_snapshots_accreditation_and_validity_when_issued(
    course_tree, user
):
    course = course_tree.course
    CourseAccreditation.objects.create(
        course=course,
        register=RegisterFactory(code="vv"),
        register_name="Kwaliteitsregister V&VN",
        points=4,
        number="AB-12",
    )
    certificate = certificate_earn(user=user, tree=course_tree)
    assert certificate.accreditation["items"] == [
        {"register": "Kwaliteitsregister V&VN", "points": "4.0", "number": "AB-12"}
    ]
    months = course.validity_months
    assert certificate.valid_until.year * 12 + certificate.valid_until.month == (
        certificate.issued_on.year * 12 + certificate.issued_on.month + months
    )
    # editing the course afterwards changes nothing issued
    course.accreditations.all().delete()
    certificate.refresh_from_db()
    assert certificate.accreditation["items"][0]["number"] == "AB-12"


def test_profession_rule_overrides_course_validity_when_present(course_tree, user):
    ValidityRule.objects.create(
        course=course_tree.course, profession=user.profession, months=6
    )
    certificate = certificate_earn(user=user, tree=course_tree)
    issued = certificate.issued_on
    assert (certificate.valid_until - issued).days in range(181, 185)


def test_issued_fields_refuse_to_change_when_saved_again(course_tree, user):
    certificate = CertificateFactory(course=course_tree.course, user=user)
    certificate.holder_name = "Iemand anders"
    with pytest.raises(CertificateImmutableError):
        certificate.save()
    with pytest.raises(CertificateImmutableError, match="holder_name"):
        certificate.save(update_fields=["holder_name"])
    certificate.refresh_from_db()
    assert certificate.holder_name == user.full_name


def test_database_refuses_a_second_certificate_when_same_cycle(course_tree, user):
    CertificateFactory(course=course_tree.course, user=user, cycle=1)
    with pytest.raises(IntegrityError):
        CertificateFactory(course=course_tree.course, user=user, cycle=1)


def test_renewal_issues_a_new_certificate_and_replaces_the_old_when_completed(
    course_tree, user, django_capture_on_commit_callbacks
):
    first = certificate_earn(user=user, tree=course_tree)
    enrolment = certificate_renewal_start(user=user, certificate=first)
    assert (enrolment.cycle, enrolment.cycle_scope) == (2, "refresher")
    # the refresher path is module 1 only
    with django_capture_on_commit_callbacks(execute=True):
        _complete(user, course_tree, course_tree.lessons[:2])
    second = Certificate.objects.get(cycle=2)
    first.refresh_from_db()
    assert first.replaced_by == second
    assert first.status_log.last().to_status == "REPLACED"
    assert second.score_summary["requirements"] == {"done": 2, "total": 2}
    # starting renewal of the replaced one is refused, twice is idempotent
    with pytest.raises(ValidationError, match="nieuwer certificaat"):
        certificate_renewal_start(user=user, certificate=first)


def test_renewal_is_idempotent_when_started_twice(course_tree, user):
    certificate = certificate_earn(user=user, tree=course_tree)
    certificate_renewal_start(user=user, certificate=certificate)
    enrolment = certificate_renewal_start(user=user, certificate=certificate)
    assert enrolment.cycle == 2


def test_renewal_is_the_full_course_when_the_course_says_so(course_tree, user):
    course = course_tree.course
    course.renewal_mode = "full"
    course.save_revision().publish()
    certificate = certificate_earn(user=user, tree=course_tree)
    enrolment = certificate_renewal_start(user=user, certificate=certificate)
    assert enrolment.cycle_scope == "full"


def test_issued_on_dates_use_the_local_date_when_issued_late_evening(course_tree, user):
    import time_machine

    with time_machine.travel(
        datetime.datetime(2025, 3, 31, 23, 30, tzinfo=datetime.UTC)
    ):
        certificate = certificate_earn(user=user, tree=course_tree)
    # 01:30 in Amsterdam on 1 April (summer time)
    assert certificate.issued_on == datetime.date(2025, 4, 1)
    assert certificate.valid_until == datetime.date(2027, 4, 1)


def test_score_summary_records_the_best_passing_quiz_score_when_issued(
    course_tree, user, django_capture_on_commit_callbacks
):
    from assessments.services.attempts import attempt_start, attempt_submit
    from tests.factories.assessments import (
        category_create,
        form_data,
        question_create,
        quiz_create,
    )

    category = category_create()
    questions = [question_create(category=category) for _ in range(2)]
    quiz = quiz_create(course_tree.modules[1], questions=questions, title="Eindtoets")
    enrolment_create(user=user, course=course_tree.course)
    _complete(user, course_tree)
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_start(user=user, quiz=quiz)
        data = form_data(attempt.snapshot["questions"])
        indexes = range(len(attempt.snapshot["questions"]))
        attempt_submit(
            public_id=attempt.public_id, user=user, data=data, indexes=indexes
        )
    certificate = certificate_issue(user=user, course=course_tree.course)
    assert certificate.score_summary["requirements"] == {"done": 5, "total": 5}
    assert certificate.score_summary["assessments"] == [
        {"title": "Eindtoets", "kind": "quiz", "score": 1.0}
    ]


def _essay_quiz_passed_before_marking(tree, user):
    """Four objective questions answered right and an essay waiting for a
    trainer: 80% with the essay at 0, enough for the 70% pass mark."""
    category = category_create()
    objective = [question_create(category=category, type="single") for _ in range(4)]
    essay = question_create(category=category, type="essay")
    quiz = quiz_create(tree.modules[0], questions=[*objective, essay])
    attempt = attempt_start(user=user, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=user,
        data=form_data(attempt.questions),
        indexes=range(5),
    )
    attempt.refresh_from_db()
    return attempt


def test_certificate_waits_for_the_marking_and_shows_the_final_score_when_marked(
    course_tree, user, django_capture_on_commit_callbacks, tmp_path
):
    enrolment_create(user=user, course=course_tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        _complete(user, course_tree)
        attempt = _essay_quiz_passed_before_marking(course_tree, user)
    assert (attempt.passed, attempt.pending, attempt.score) == (True, 1, 0.8)
    assert not Certificate.objects.exists()

    essay = attempt.answers.get(needs_marking=True)
    trainer = staff_create("mark_attemptanswer")
    with django_capture_on_commit_callbacks(execute=True):
        answer_mark(answer_id=essay.pk, marker=trainer, score=0.9, feedback="Goed.")

    certificate = Certificate.objects.get()
    (scored,) = certificate.score_summary["assessments"]
    assert scored["score"] == pytest.approx(0.98)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate.pdf.read())
    text = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdftotext", "poppler-utils"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"{attempt.settings['title']}: 98%" in " ".join(text.split())
