"""Sending attendance records to PE-online: batches of at most 100 per register,
results stored per record, retries with the same rows, nothing lost, nothing sent
twice. PE-online is a local server (registers.peonline.fake_server) that checks
every Entry against entry.xsd."""

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from certificates.services.issue import certificate_issue
from registers.models import (
    AttendanceRecord,
    BatchStatus,
    RecordStatus,
    Register,
    SendBatch,
)
from registers.peonline.fake_server import FakePEOnline, Reply
from registers.services import sending
from registers.services.sending import (
    LEASE,
    attendance_send_due,
    attendance_send_soon,
    records_requeue,
    retry_delay,
)
from tests.factories.certificates import certificate_earn
from tests.factories.courses import course_tree_create
from tests.factories.registers import CourseAccreditationFactory, RegisterNumberFactory
from tests.factories.users import UserFactory
from tests.subprocesses import manage_run
from tests.wagtail_tree import wagtail_tree_ensure

START = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
NOT_ACCREDITED = (
    "Cursus {course} op regel {row} is niet (juist) geaccrediteerd; De datum "
    "06-12-2026 valt buiten alle accr. periodes"
)


@pytest.fixture
def course(db):
    from demo.site import home_page_ensure

    return course_tree_create(
        home_page_ensure(), modules=1, lessons_per_module=1
    ).course


@pytest.fixture
def people(db):
    return [UserFactory() for _ in range(5)]


def records_create(count, *, course, people, register_code="gaia", first=0):
    """`count` pending records, numbered from `first`: person n % 5, one minute
    apart, so (person, endDate) names each row."""
    register = Register.objects.get(code=register_code)
    return AttendanceRecord.objects.bulk_create(
        AttendanceRecord(
            user=people[n % len(people)],
            register=register,
            course=course,
            person_number=f"{39000000000 + n % len(people)}",
            register_course_id="9471",
            end_date=START + datetime.timedelta(minutes=n),
        )
        for n in range(first, first + count)
    )


def sent_rows(server: FakePEOnline) -> list[tuple[str, str]]:
    return [
        (row["externalPersonID"], row["endDate"])
        for received in server.received
        for row in received.rows
    ]


@pytest.fixture
def pe_online(settings):
    """Start a local PE-online and configure it; every Entry must validate."""
    servers = []

    def start(**kwargs) -> FakePEOnline:
        server = FakePEOnline(**kwargs).__enter__()
        servers.append(server)
        settings.PE_ONLINE_URL = server.url
        settings.PE_ONLINE_USER_ID = "4711"
        settings.PE_ONLINE_KEY = "geheim"
        settings.PE_ONLINE_TEST_MODE = False
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)
        assert [r.schema_error for r in server.received if r.schema_error] == []


def test_250_pending_records_go_out_in_three_calls(pe_online, course, people):
    server = pe_online()
    records_create(250, course=course, people=people)

    report = attendance_send_due()

    assert [len(received.rows) for received in server.received] == [100, 100, 50]
    assert report.calls == 3
    assert report.accepted == 250
    assert len(set(sent_rows(server))) == 250
    assert not AttendanceRecord.objects.exclude(status=RecordStatus.ACCEPTED).exists()
    assert not AttendanceRecord.objects.filter(accepted_at__isnull=True).exists()
    batches = SendBatch.objects.all()
    assert [b.status for b in batches] == [BatchStatus.DONE] * 3
    assert all("<userKey>***</userKey>" in b.request_body for b in batches)
    assert all("geheim" not in b.request_body for b in batches)
    assert all("<Summary>" in b.response_body for b in batches)
    assert {b.records.count() for b in batches} == {100, 50}
    assert {received.rows[0]["PECourseID"] for received in server.received} == {"9471"}
    assert server.received[0].entry.count("<orgID>19</orgID>") == 1


def test_a_second_run_sends_nothing(pe_online, course, people):
    server = pe_online()
    records_create(3, course=course, people=people)
    attendance_send_due()

    report = attendance_send_due()

    assert server.calls == 1
    assert report.calls == 0


def test_each_register_gets_its_own_call_with_its_orgid(pe_online, course, people):
    server = pe_online()
    records_create(2, course=course, people=people, register_code="gaia")
    records_create(1, course=course, people=people, register_code="vv", first=10)

    attendance_send_due()

    orgs = sorted(
        received.entry.split("<orgID>")[1].split("<")[0] for received in server.received
    )
    assert orgs == ["19", "52"]
    assert sorted(len(received.rows) for received in server.received) == [1, 2]


def test_end_dates_go_out_in_dutch_time_with_their_offset(pe_online, course, people):
    server = pe_online()
    records_create(1, course=course, people=people)

    attendance_send_due()

    assert server.received[0].rows[0]["endDate"] == "2026-12-06T10:00:00+01:00"


def test_the_soap_binding_sends_and_stores_the_same_way(
    pe_online, settings, course, people
):
    server = pe_online(rejecter=lambda row, i: NOT_ACCREDITED if i == 0 else None)
    settings.PE_ONLINE_BINDING = "soap"
    rejected, accepted = records_create(2, course=course, people=people)

    attendance_send_due()

    assert [received.binding for received in server.received] == ["soap"]
    rejected.refresh_from_db()
    accepted.refresh_from_db()
    assert (rejected.status, accepted.status) == (
        RecordStatus.REJECTED,
        RecordStatus.ACCEPTED,
    )
    assert "<soap:Envelope" in SendBatch.objects.get().response_body


def test_nothing_is_sent_without_a_url(settings, course, people, caplog):
    settings.PE_ONLINE_URL = ""
    with FakePEOnline() as server:
        records_create(3, course=course, people=people)

        report = attendance_send_due()

    assert server.calls == 0
    assert not report.configured
    assert "not configured" in report.message
    assert "3 records stay pending" in report.message
    assert "not configured" in caplog.text
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.PENDING
    }
    assert not SendBatch.objects.exists()


def test_the_task_says_so_when_nothing_is_configured(settings, course, people):
    from registers.tasks import attendance_send_task

    settings.PE_ONLINE_URL = ""
    records_create(2, course=course, people=people)

    result = attendance_send_task.enqueue()

    assert result.return_value == (
        "PE-online is not configured (PE_ONLINE_URL is empty): nothing sent, "
        "2 records stay pending."
    )


def test_a_url_without_an_account_stops_the_start():
    result = manage_run(
        "check",
        env={"PE_ONLINE_URL": "https://pe.example/WriteAttendance.asmx"},
    )

    assert result.returncode != 0
    assert "PE_ONLINE_KEY" in result.stderr


def test_a_rejected_row_is_stored_with_its_message_and_not_resent(
    pe_online, course, people
):
    server = pe_online(rejecter=lambda row, i: NOT_ACCREDITED if i == 1 else None)
    first, second, third = records_create(3, course=course, people=people)

    report = attendance_send_due()

    second.refresh_from_db()
    assert second.status == RecordStatus.REJECTED
    assert second.error_number == "100"
    assert second.error_message.startswith("Cursus 9471 op regel 3 is niet (juist)")
    assert second.accepted_at is None
    for record in (first, third):
        record.refresh_from_db()
        assert record.status == RecordStatus.ACCEPTED
    assert (report.accepted, report.rejected) == (2, 1)

    attendance_send_due()
    assert server.calls == 1


def test_a_requeued_rejection_is_sent_again_alone(
    pe_online, course, people, django_capture_on_commit_callbacks
):
    server = pe_online(rejecter=lambda row, i: NOT_ACCREDITED if i == 1 else None)
    records = records_create(3, course=course, people=people)
    attendance_send_due()
    server.rejecter = None

    # accepted records are left alone; the trainer fixed the rejected one
    with django_capture_on_commit_callbacks(execute=True):
        requeued = records_requeue(records=AttendanceRecord.objects.all())

    assert requeued == 1
    assert server.calls == 2  # the immediate backend ran the queued send
    assert len(server.received[1].rows) == 1
    assert server.received[1].rows[0]["externalPersonID"] == records[1].person_number
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }


def test_a_server_error_is_retried_later_with_the_same_rows(pe_online, course, people):
    server = pe_online(replies=[Reply(status=500, body="Runtime Error")])
    records_create(3, course=course, people=people)

    with time_machine.travel(START, tick=False) as clock:
        report = attendance_send_due()
        batch = SendBatch.objects.get()
        assert report.retrying == 1
        assert batch.status == BatchStatus.SENDING
        assert batch.http_status == 500
        assert batch.response_body == "Runtime Error"
        assert batch.attempts == 1
        assert batch.next_attempt_at == START + retry_delay(1)
        assert set(batch.records.values_list("status", flat=True)) == {
            RecordStatus.SENDING
        }

        attendance_send_due()  # not due yet
        assert server.calls == 1

        clock.shift(retry_delay(1))
        report = attendance_send_due()

    assert server.calls == 2
    assert server.received[1].rows == server.received[0].rows
    assert report.accepted == 3
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (BatchStatus.DONE, 2)
    assert SendBatch.objects.count() == 1
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }


def test_a_timeout_is_retried(pe_online, settings, course, people):
    server = pe_online(replies=[Reply(delay=1.0)])
    settings.PE_ONLINE_TIMEOUT = 0.2
    records_create(2, course=course, people=people)

    report = attendance_send_due()

    batch = SendBatch.objects.get()
    assert report.retrying == 1
    assert batch.status == BatchStatus.SENDING
    assert batch.error.startswith("Timeout")
    assert batch.http_status is None
    with time_machine.travel(timezone.now() + retry_delay(1), tick=False):
        attendance_send_due()
    assert server.calls == 2
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }


def test_retries_end_in_a_failed_batch_whose_records_can_be_requeued(
    pe_online, monkeypatch, course, people
):
    monkeypatch.setattr(sending, "MAX_ATTEMPTS", 2)
    server = pe_online(replies=[Reply(status=503), Reply(status=502)])
    records_create(2, course=course, people=people)

    with time_machine.travel(START, tick=False) as clock:
        attendance_send_due()
        clock.shift(retry_delay(1))
        report = attendance_send_due()

    batch = SendBatch.objects.get()
    assert report.failed == 1
    assert batch.status == BatchStatus.FAILED
    assert batch.finished_at is not None
    records = AttendanceRecord.objects.all()
    assert {r.status for r in records} == {RecordStatus.FAILED}
    assert all("2 pogingen" in r.error_message for r in records)

    assert records_requeue(records=records) == 2
    attendance_send_due()
    assert server.calls == 3
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(body="<Summary><Results>afgebroken"), "not XML"),
        (Reply(body="<html><body>Onderhoud</body></html>"), "not one Summary"),
        (
            Reply(
                body=(
                    "<Summary><Error><errorNR>100</errorNR><errorMsg>Professional 1 "
                    "op regel 40 bestaat niet in PE</errorMsg></Error></Summary>"
                )
            ),
            "row 40",
        ),
        (
            Reply(
                body=(
                    "<Summary><Error><errorNR>400</errorNR><errorMsg>No access; "
                    "incorrect key</errorMsg></Error></Summary>"
                )
            ),
            "400 No access",
        ),
    ],
)
def test_an_unreadable_answer_fails_the_batch_keeps_the_body_and_loses_nothing(
    pe_online, course, people, reply, error
):
    server = pe_online(replies=[reply])
    records_create(3, course=course, people=people)

    report = attendance_send_due()

    batch = SendBatch.objects.get()
    assert report.failed == 1
    assert batch.status == BatchStatus.FAILED
    assert batch.response_body == reply.body
    assert error in batch.error
    records = AttendanceRecord.objects.all()
    assert records.count() == 3
    assert {r.status for r in records} == {RecordStatus.FAILED}
    assert all(error in r.error_message for r in records)

    attendance_send_due()  # failed records wait for a trainer
    assert server.calls == 1

    assert records_requeue(records=records) == 3
    attendance_send_due()
    assert server.calls == 2
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }


def test_a_batch_whose_sender_died_is_sent_again_after_its_lease(
    pe_online, course, people
):
    server = pe_online()
    records_create(2, course=course, people=people)
    with time_machine.travel(START, tick=False) as clock:
        batch, attempt = sending._batch_create(
            register_id=Register.objects.get(code="gaia").pk
        )  # ... and the sender is killed before it calls

        attendance_send_due()
        assert server.calls == 0  # held by the dead sender; no new batch either

        clock.shift(LEASE)
        attendance_send_due()

    assert server.calls == 1
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (BatchStatus.DONE, 2)
    # the dead sender, waking up, cannot write over the result
    assert not sending._batch_finish(batch, attempt, status=BatchStatus.FAILED)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE


def test_a_record_that_cannot_be_sent_fails_alone(pe_online, course, people):
    server = pe_online()
    good, no_course, text_id = records_create(3, course=course, people=people)
    AttendanceRecord.objects.filter(pk=no_course.pk).update(register_course_id="")
    AttendanceRecord.objects.filter(pk=text_id.pk).update(register_course_id="A-1")

    attendance_send_due()

    assert [row[0] for row in sent_rows(server)] == [good.person_number]
    for record in (no_course, text_id):
        record.refresh_from_db()
        assert record.status == RecordStatus.FAILED
        assert record.error_message.startswith("Niet te verzenden")
    good.refresh_from_db()
    assert good.status == RecordStatus.ACCEPTED


def test_module_ids_go_out_as_pe_onlines_number_or_our_code(pe_online, course, people):
    server = pe_online()
    number, code = records_create(2, course=course, people=people)
    AttendanceRecord.objects.filter(pk=number.pk).update(register_module_id="77")
    AttendanceRecord.objects.filter(pk=code.pk).update(
        register_course_id="", external_course_id="BB-1", register_module_id="M-A"
    )

    attendance_send_due()

    first, second = server.received[0].rows
    assert (first["PECourseID"], first["PEModuleID"]) == ("9471", "77")
    assert (second["externalCourseID"], second["externalmoduleID"]) == ("BB-1", "M-A")
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }


def test_withdrawn_records_are_never_sent(pe_online, course, people):
    server = pe_online()
    kept, withdrawn = records_create(2, course=course, people=people)
    AttendanceRecord.objects.filter(pk=withdrawn.pk).update(
        status=RecordStatus.WITHDRAWN
    )

    attendance_send_due()

    assert [row[0] for row in sent_rows(server)] == [kept.person_number]


def test_records_accepted_in_test_mode_are_sent_again_when_live(
    pe_online, settings, course, people
):
    server = pe_online()
    settings.PE_ONLINE_TEST_MODE = True
    records_create(2, course=course, people=people)

    attendance_send_due()

    assert SendBatch.objects.get().test_mode is True
    assert set(AttendanceRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.ACCEPTED
    }
    attendance_send_due()
    assert server.calls == 1

    settings.PE_ONLINE_TEST_MODE = False
    attendance_send_due()
    attendance_send_due()

    assert server.calls == 2
    assert server.received[1].rows == server.received[0].rows
    live = SendBatch.objects.get(test_mode=False)
    assert live.records.filter(status=RecordStatus.ACCEPTED).count() == 2


def test_a_send_is_queued_when_a_record_is_committed(
    pe_online, course, people, django_capture_on_commit_callbacks
):
    server = pe_online()

    with django_capture_on_commit_callbacks(execute=True):
        records_create(2, course=course, people=people)
        attendance_send_soon()
        assert server.calls == 0  # not before the commit

    assert server.calls == 1


def test_an_issued_certificate_sends_its_record_once(
    pe_online, user, course_tree, django_capture_on_commit_callbacks
):
    server = pe_online()
    gaia = Register.objects.get(code="gaia")
    CourseAccreditationFactory(
        course=course_tree.course, register=gaia, register_course_id="9471"
    )
    RegisterNumberFactory(user=user, register=gaia, number="19012345678")

    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_earn(user=user, tree=course_tree)

    record = AttendanceRecord.objects.get()
    assert record.certificate == certificate
    assert record.status == RecordStatus.ACCEPTED
    end_date = timezone.localtime(certificate.issued_at).isoformat(timespec="seconds")
    assert sent_rows(server) == [("19012345678", end_date)]

    # issuing again (a retry of the same completion) creates and sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(user=user, course=course_tree.course)
    attendance_send_due()
    assert server.calls == 1
    assert AttendanceRecord.objects.count() == 1


def test_the_command_reports_what_it_sent(pe_online, course, people, capsys):
    pe_online(rejecter=lambda row, i: NOT_ACCREDITED if i == 0 else None)
    records_create(3, course=course, people=people)

    call_command("send_attendance_records")

    out = capsys.readouterr().out
    assert "calls: 1" in out
    assert "accepted: 2" in out
    assert "rejected: 1" in out


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_a_record_twice(pe_online):
    from demo.site import home_page_ensure

    wagtail_tree_ensure()
    course = course_tree_create(
        home_page_ensure(), modules=1, lessons_per_module=1
    ).course
    people = [UserFactory() for _ in range(5)]
    server = pe_online()
    records_create(250, course=course, people=people)
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    errors = []

    def send():
        try:
            barrier.wait(timeout=10)
            attendance_send_due()
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    counts = Counter(sent_rows(server))
    assert len(counts) == 250
    assert max(counts.values()) == 1
    assert all(len(received.rows) <= 100 for received in server.received)
    assert AttendanceRecord.objects.filter(status=RecordStatus.ACCEPTED).count() == 250
