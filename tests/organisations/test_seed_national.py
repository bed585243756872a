"""`seed_national_data`: the national data set of bench/scale.py, shrunk, on the
demo: every kind of row, real attempts copied, and nothing twice."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer
from assessments.scenarios.models import ScenarioAttempt
from certificates.models import Certificate, ReminderLog
from certificates.validity import Status, certificate_status
from courses.models import LessonCompletion
from organisations.models import Membership, Organisation
from organisations.selectors.dashboard import Filters, dashboard_get

pytestmark = pytest.mark.django_db
SCALE = "--scale=0.002"  # 2 organisations, 200 people, 400 certificates


def _counts():
    national = {"user__email__endswith": "@national.example"}
    return {
        "organisations": Organisation.objects.filter(
            name__startswith="Landelijke organisatie"
        ).count(),
        "memberships": Membership.objects.filter(**national).count(),
        "completions": LessonCompletion.objects.filter(**national).count(),
        "attempts": Attempt.objects.filter(**national).count(),
        "answers": AttemptAnswer.objects.filter(
            attempt__user__email__endswith="@national.example"
        ).count(),
        "scenarios": ScenarioAttempt.objects.filter(**national).count(),
        "certificates": Certificate.objects.filter(**national).count(),
        "reminders": ReminderLog.objects.filter(
            certificate__user__email__endswith="@national.example"
        ).count(),
    }


def test_national_seed_adds_every_kind_of_row_once_when_run_twice():
    call_command("load_demo_content", stdout=StringIO())
    out = StringIO()
    call_command("seed_national_data", SCALE, stdout=out)
    counts = _counts()
    assert counts["organisations"] == 2
    # the template learners of the copied attempts hold memberships of none
    assert counts["memberships"] == 200
    assert counts["completions"] == 2000
    assert counts["attempts"] >= 600  # the copies and one real template per quiz
    assert counts["answers"] >= counts["attempts"]
    assert counts["scenarios"] >= 100
    assert counts["certificates"] == 400
    assert counts["reminders"] == 200
    assert "200 people" in out.getvalue()

    again = StringIO()
    call_command("seed_national_data", SCALE, stdout=again)
    assert "already there" in again.getvalue()
    assert _counts() == counts


def test_national_seed_gives_the_largest_organisation_ten_courses_and_every_status():
    call_command("load_demo_content", stdout=StringIO())
    call_command("seed_national_data", SCALE, stdout=StringIO())
    largest = Organisation.objects.get(name="Landelijke organisatie 1")
    board = dashboard_get(
        organisation=largest,
        filters=Filters(),
        page_number=1,
        today=timezone.localdate(),
    )
    assert board.people_count == 10
    assert len(board.columns) == 10
    today = timezone.localdate()
    statuses = {
        certificate_status(
            today=today,
            valid_until=certificate.valid_until,
            revoked_on=certificate.revoked_at
            and timezone.localdate(certificate.revoked_at),
        )
        for certificate in Certificate.objects.filter(
            user__email__endswith="@national.example"
        )
    }
    assert {Status.VALID, Status.EXPIRING, Status.EXPIRED, Status.REVOKED} <= statuses
    cycles = set(
        Certificate.objects.filter(
            user__email__endswith="@national.example"
        ).values_list("cycle", flat=True)
    )
    assert cycles == {1, 2, 3}


def test_national_seed_refuses_a_scale_above_one():
    with pytest.raises(CommandError):
        call_command("seed_national_data", "--scale=2", stdout=StringIO())
