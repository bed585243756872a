"""Attendance records (issue 15): one per learner, accreditation and certificate
(or module and cycle), only with a number, consent and a completion inside the
accreditation period; withdrawing consent stops what was not sent."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from certificates.services.issue import certificate_issue
from courses.models import ModuleAccreditation
from courses.services import enrolment_create, lesson_complete
from registers.models import AttendanceRecord, RecordStatus
from registers.services.numbers import register_number_delete, register_number_save
from registers.services.records import (
    attendance_records_for_certificate,
    attendance_records_for_progress,
)
from tests.factories.certificates import certificate_earn
from tests.factories.courses import course_tree_create
from tests.factories.registers import (
    AttendanceRecordFactory,
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure

BIG = "19012345678"


@pytest.fixture
def gaia(db):
    return RegisterFactory(code="gaia")


@pytest.fixture
def accreditation(course_tree, gaia):
    return CourseAccreditationFactory(
        course=course_tree.course,
        register=gaia,
        register_course_id="9471",
        external_course_id="BB-3MMC",
    )


@pytest.fixture
def consenting(user, gaia):
    return RegisterNumberFactory(user=user, register=gaia, number=BIG)


def test_one_pending_record_with_snapshots_when_certificate_is_issued(
    user, course_tree, accreditation, consenting
):
    certificate = certificate_earn(user=user, tree=course_tree)

    record = AttendanceRecord.objects.get()
    assert record.status == RecordStatus.PENDING
    assert (record.user, record.register, record.accreditation) == (
        user,
        accreditation.register,
        accreditation,
    )
    assert record.certificate == certificate
    assert record.course_id == course_tree.course.pk
    assert record.module is None
    assert record.person_number == BIG
    assert (record.register_course_id, record.external_course_id) == (
        "9471",
        "BB-3MMC",
    )
    assert record.end_date == certificate.issued_at
    assert timezone.is_aware(record.end_date)


def test_no_second_record_when_issuing_or_creating_is_repeated(
    user, course_tree, accreditation, consenting
):
    certificate = certificate_earn(user=user, tree=course_tree)
    assert certificate_issue(user=user, course=course_tree.course) == certificate
    attendance_records_for_certificate(certificate=certificate)
    attendance_records_for_certificate(certificate=certificate)

    assert AttendanceRecord.objects.count() == 1


def test_database_refuses_a_second_record_for_the_same_certificate(
    user, course_tree, accreditation, consenting
):
    certificate = certificate_earn(user=user, tree=course_tree)
    record = AttendanceRecord.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceRecordFactory(
            user=user,
            accreditation=accreditation,
            certificate=certificate,
            end_date=record.end_date + datetime.timedelta(seconds=1),
        )


def test_no_record_when_consent_is_off(user, course_tree, accreditation, gaia):
    RegisterNumberFactory(
        user=user, register=gaia, number=BIG, consent_to_register=False
    )
    certificate_earn(user=user, tree=course_tree)
    assert not AttendanceRecord.objects.exists()


def test_no_record_without_a_number(user, course_tree, accreditation):
    certificate_earn(user=user, tree=course_tree)
    assert not AttendanceRecord.objects.exists()


def test_no_record_for_another_registers_number(user, course_tree, accreditation):
    RegisterNumberFactory(
        user=user, register=RegisterFactory(code="vv"), number="123456"
    )
    certificate_earn(user=user, tree=course_tree)
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(-400, -1), (1, 30)],
    ids=["period-ended-yesterday", "period-starts-tomorrow"],
)
def test_no_record_when_completed_outside_the_period(
    user, course_tree, accreditation, consenting, start, end
):
    today = timezone.localdate()
    accreditation.valid_from = today + datetime.timedelta(days=start)
    accreditation.valid_until = today + datetime.timedelta(days=end)
    accreditation.save()
    certificate_earn(user=user, tree=course_tree)
    assert not AttendanceRecord.objects.exists()


def test_record_when_completed_on_the_last_day_of_the_period(
    user, course_tree, accreditation, consenting
):
    accreditation.valid_until = timezone.localdate()
    accreditation.save()
    certificate_earn(user=user, tree=course_tree)
    assert AttendanceRecord.objects.count() == 1


def test_withdrawing_consent_withdraws_unsent_records_and_keeps_accepted_ones(
    user, course_tree, accreditation, consenting, gaia
):
    certificate_earn(user=user, tree=course_tree)
    pending = AttendanceRecord.objects.get()
    other_course = course_tree_create(
        course_tree.catalogue.get_parent(), slug="ander", title="Ander"
    )
    accepted = AttendanceRecordFactory(
        user=user,
        accreditation=CourseAccreditationFactory(
            course=other_course.course, register=gaia
        ),
        status=RecordStatus.ACCEPTED,
        accepted_at=timezone.now(),
    )

    register_number_save(user=user, register=gaia, number=BIG, consent=False)

    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert pending.status == RecordStatus.WITHDRAWN
    assert accepted.status == RecordStatus.ACCEPTED
    consenting.refresh_from_db()
    assert consenting.consent_to_register is False


def test_removing_the_number_withdraws_unsent_records(
    user, course_tree, accreditation, consenting, gaia
):
    certificate_earn(user=user, tree=course_tree)
    assert register_number_delete(user=user, register=gaia)
    assert AttendanceRecord.objects.get().status == RecordStatus.WITHDRAWN


def test_consent_given_after_the_certificate_creates_the_record(
    user, course_tree, accreditation, gaia
):
    certificate_earn(user=user, tree=course_tree)
    assert not AttendanceRecord.objects.exists()

    register_number_save(user=user, register=gaia, number=BIG, consent=True)

    record = AttendanceRecord.objects.get()
    assert (record.status, record.person_number) == (RecordStatus.PENDING, BIG)


def test_consent_given_again_puts_a_withdrawn_record_back_once(
    user, course_tree, accreditation, consenting, gaia
):
    certificate_earn(user=user, tree=course_tree)
    register_number_save(user=user, register=gaia, number=BIG, consent=False)
    register_number_save(user=user, register=gaia, number=BIG, consent=True)

    record = AttendanceRecord.objects.get()
    assert record.status == RecordStatus.PENDING


def test_corrected_number_goes_into_unsent_records(
    user, course_tree, accreditation, consenting, gaia
):
    certificate_earn(user=user, tree=course_tree)
    register_number_save(user=user, register=gaia, number="19087654321", consent=True)
    assert AttendanceRecord.objects.get().person_number == "19087654321"


def test_module_accredited_on_its_own_gets_one_record_when_completed(
    user, course_tree, accreditation, consenting
):
    module = course_tree.modules[0]
    ModuleAccreditation.objects.create(
        module=module, accreditation=accreditation, register_module_id="M-1"
    )
    enrolment_create(user=user, course=course_tree.course)
    first_module_lessons = [
        lesson for lesson in course_tree.lessons if lesson.get_parent().pk == module.pk
    ]
    for lesson in first_module_lessons:
        lesson_complete(user=user, lesson=lesson)

    record = AttendanceRecord.objects.get()
    assert (record.module_id, record.register_module_id, record.cycle) == (
        module.pk,
        "M-1",
        1,
    )
    assert record.certificate is None

    # the rest of the course, the certificate, and the hook again: nothing more
    for lesson in course_tree.lessons:
        lesson_complete(user=user, lesson=lesson)
    certificate_issue(user=user, course=course_tree.course)
    attendance_records_for_progress(user=user, course=course_tree.course)
    assert AttendanceRecord.objects.count() == 1  # in parts: no course record


def test_partly_done_module_gets_no_record(
    user, course_tree, accreditation, consenting
):
    module = course_tree.modules[0]
    ModuleAccreditation.objects.create(module=module, accreditation=accreditation)
    enrolment_create(user=user, course=course_tree.course)
    lesson = next(
        lesson for lesson in course_tree.lessons if lesson.get_parent().pk == module.pk
    )
    lesson_complete(user=user, lesson=lesson)
    assert not AttendanceRecord.objects.exists()


def test_existing_record_is_returned_when_the_insert_loses_a_race(
    user, course_tree, accreditation, consenting, monkeypatch
):
    """Another transaction committed the record between our look-up and our
    insert: the unique constraint refuses the insert, and the existing row is
    returned (what the threads below do on PostgreSQL; SQLite serialises them)."""
    from registers.services import records

    certificate = certificate_earn(user=user, tree=course_tree)
    first = AttendanceRecord.objects.get()
    monkeypatch.setattr(records, "_record_find", lambda lookup: None)

    assert attendance_records_for_certificate(certificate=certificate) == [first]
    assert AttendanceRecord.objects.count() == 1


THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_exactly_one_record_when_many_threads_create_it_at_once():
    from demo.site import home_page_ensure

    wagtail_tree_ensure()
    tree = course_tree_create(home_page_ensure(), modules=1, lessons_per_module=1)
    gaia = RegisterFactory(code="gaia")
    CourseAccreditationFactory(course=tree.course, register=gaia)
    user = UserFactory()
    RegisterNumberFactory(user=user, register=gaia, number=BIG)
    # a certificate without its hook, so that the threads race for the record
    from certificates.services.issue import certificate_create

    certificate = certificate_create(
        user=user, course=tree.course, cycle=1, issued_at=timezone.now()
    )
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def create():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                results.extend(
                    attendance_records_for_certificate(certificate=certificate)
                )
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert AttendanceRecord.objects.count() == 1
    assert len({record.pk for record in results}) == 1
    assert len(results) == THREADS
    connection.close()


def test_accreditation_entered_again_gives_no_second_record(
    user, course_tree, accreditation, consenting, gaia
):
    certificate = certificate_earn(user=user, tree=course_tree)
    accreditation.delete()
    CourseAccreditationFactory(course=course_tree.course, register=gaia)
    attendance_records_for_certificate(certificate=certificate)
    assert AttendanceRecord.objects.count() == 1
