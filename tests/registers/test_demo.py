"""The demo (issue 15): course 1 accredited for GAIA (ABAN) and V&V with
fictional course ids and a period around today; the demo learner has a
fictional BIG number with consent, so their course-1 certificate has one GAIA
record waiting; loading again changes nothing; nothing is sent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import CoursePage
from registers.models import AttendanceRecord, RecordStatus, RegisterNumber, SendBatch
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
