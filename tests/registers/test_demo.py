"""The demo (issue 15): course 1 accredited for GAIA (ABAN) and V&V with
fictional course ids and a period around today; the demo learner has a
fictional BIG number with consent, so their course-1 certificate has one GAIA
record waiting; loading again changes nothing; nothing is sent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from courses.models import CoursePage
from registers.models import AttendanceRecord, RecordStatus, RegisterNumber, SendBatch
from registers.peonline.fake_server import FakePEOnline
from training.models import User


@pytest.mark.django_db
def test_demo_accredits_course_one_and_gives_the_learner_a_big_number(client):
    call_command("load_demo_content", stdout=StringIO())
    course = CoursePage.objects.get(slug="3-mmc-en-nps", locale__language_code="nl")
    accreditations = list(course.accreditations.select_related("register"))
    assert [(a.register.code, a.register_course_id) for a in accreditations] == [
        ("gaia", "990001"),
        ("vv", "990002"),
    ]
    today = timezone.localdate()
    assert all(a.covers(today) for a in accreditations)
    assert all(a.points > 0 for a in accreditations)

    learner = User.objects.get(email="leerling@bijblijven.example")
    number = RegisterNumber.objects.get(user=learner)
    assert (number.register.code, number.consent_to_register) == ("gaia", True)
    assert len(number.number) == 11
    assert number.number.isdigit()

    record = AttendanceRecord.objects.get(user=learner)
    assert (record.register.code, record.status) == ("gaia", RecordStatus.PENDING)
    assert record.certificate.course_id == course.pk
    assert record.person_number == number.number
    assert not SendBatch.objects.exists()

    client.force_login(learner)
    page = " ".join(client.get("/certificaten/").content.decode().split())
    assert "Punten worden aangemeld bij GAIA" in page

    revisions = course.revisions.count()
    call_command("load_demo_content", stdout=StringIO())
    assert course.revisions.count() == revisions
    assert AttendanceRecord.objects.count() == 1


@pytest.mark.django_db
def test_demo_learners_record_goes_out_once_and_shows_as_registered(client, settings):
    """Issue 15's first "done when", end to end on the demo: the learner's one
    GAIA record is sent in one call to (a local) PE-online, their certificate
    page then says the points were registered, and a second run sends nothing."""
    call_command("load_demo_content", stdout=StringIO())
    learner = User.objects.get(email="leerling@bijblijven.example")
    number = RegisterNumber.objects.get(user=learner).number
    with FakePEOnline() as pe_online:
        settings.PE_ONLINE_URL = pe_online.url
        settings.PE_ONLINE_USER_ID = "4711"
        settings.PE_ONLINE_KEY = "geheim"
        settings.PE_ONLINE_TEST_MODE = False
        call_command("send_attendance_records", stdout=StringIO())
        call_command("send_attendance_records", stdout=StringIO())
    assert pe_online.calls == 1
    assert [row["externalPersonID"] for row in pe_online.received[0].rows] == [number]
    assert [r.schema_error for r in pe_online.received if r.schema_error] == []

    record = AttendanceRecord.objects.get(user=learner)
    assert record.status == RecordStatus.ACCEPTED
    client.force_login(learner)
    page = " ".join(client.get("/certificaten/").content.decode().split())
    day = date_format(timezone.localtime(record.accepted_at).date(), "j F Y")
    assert f"Punten aangemeld bij GAIA (KNMG-registers, ABAN/ABC1) op {day}." in page
