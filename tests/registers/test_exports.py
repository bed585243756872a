"""The manual routes (issue 15): per course and register, the numbers and
completion dates of consenting learners, number first (PE-online's import takes
a pasted column of numbers), as CSV and XLSX, with nothing a spreadsheet would
run as a formula."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.roles import TRAINERS
from registers.models import RecordStatus
from tests.factories.courses import course_tree_create
from tests.factories.registers import (
    AttendanceRecordFactory,
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import role_member_create

pytestmark = pytest.mark.django_db

HEADER = ["Registratienummer", "Afgerond op", "Cursusnummer bij het register", "Module"]


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))


@pytest.fixture
def setting(home_page):
    tree = course_tree_create(home_page, title="Chemsex")
    other = course_tree_create(home_page, slug="ander", title="Ander").course
    gaia = CourseAccreditationFactory(
        course=tree.course, register=RegisterFactory(), register_course_id="9471"
    )
    vv_register = RegisterFactory(code="vv")
    CourseAccreditationFactory(course=tree.course, register=vv_register)
    other_gaia = CourseAccreditationFactory(course=other, register=gaia.register)

    def learner(number, *, consent=True, register=gaia.register):
        record = RegisterNumberFactory(
            number=number, register=register, consent_to_register=consent
        )
        return record.user

    first = learner("01234567890")
    second = learner("12345678901")
    withdrew = learner("23456789012", consent=False)
    no_number = learner("345678", register=vv_register)
    day = datetime.date(2026, 11, 3)
    records = [
        # 23:30 in Amsterdam on 3 November: still the 3rd, whatever UTC says
        AttendanceRecordFactory(
            accreditation=gaia,
            user=first,
            person_number="01234567890",
            end_date=_moment(day),
        ),
        # the number was corrected after a rejection: the current one is exported
        AttendanceRecordFactory(
            accreditation=gaia,
            user=second,
            person_number="99999999999",
            status=RecordStatus.REJECTED,
            end_date=_moment(day.replace(day=5)),
        ),
        # consent withdrawn on the profile: not exported
        AttendanceRecordFactory(
            accreditation=gaia, user=withdrew, end_date=_moment(day)
        ),
        # a withdrawn record: not exported
        AttendanceRecordFactory(
            accreditation=gaia,
            user=first,
            status=RecordStatus.WITHDRAWN,
            end_date=_moment(day.replace(day=1)),
        ),
        # another register, another course: not in this export
        AttendanceRecordFactory(
            accreditation=gaia,
            user=no_number,
            register=vv_register,
            end_date=_moment(day),
        ),
        AttendanceRecordFactory(
            accreditation=other_gaia, user=first, end_date=_moment(day)
        ),
    ]
    trainer = role_member_create(TRAINERS)
    trainer.user_permissions.add(
        Permission.objects.get(codename="manage_registrations")
    )
    client = Client()
    client.force_login(trainer)
    return {
        "course": tree.course,
        "module": tree.modules[0],
        "gaia": gaia,
        "records": records,
        "client": client,
    }


def _url(setting, kind):
    return reverse(
        "registers_admin:export",
        kwargs={
            "course_id": setting["course"].pk,
            "register_id": setting["gaia"].register_id,
            "kind": kind,
        },
    )


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_csv_has_number_then_date_for_consenting_learners_of_this_course(setting):
    response = setting["client"].get(_url(setting, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="punten-gaia-' in response["Content-Disposition"]
    assert _csv_rows(response) == [
        HEADER,
        ["01234567890", "03-11-2026", "9471", ""],
        ["12345678901", "05-11-2026", "9471", ""],
    ]


def test_xlsx_keeps_leading_zeros_and_gives_real_dates(setting):
    response = setting["client"].get(_url(setting, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert rows[1][0] == "01234567890"
    assert rows[1][1] == datetime.datetime(2026, 11, 3)
    assert sheet["B2"].number_format == "DD-MM-YYYY"
    assert [row[0] for row in rows[1:]] == ["01234567890", "12345678901"]


def test_period_filter_narrows_the_export(setting):
    response = setting["client"].get(
        _url(setting, "csv"), {"start": "2026-11-04", "end": "2026-11-30"}
    )
    assert [row[0] for row in _csv_rows(response)[1:]] == ["12345678901"]


def test_module_records_name_their_module_and_formulas_are_neutralised(setting):
    record = setting["records"][0]
    record.module = setting["module"]
    record.register_module_id = "=HYPERLINK(1)"
    record.register_course_id = "+31"
    record.save()
    rows = _csv_rows(setting["client"].get(_url(setting, "csv")))
    assert rows[1][2:] == ["'+31", "'=HYPERLINK(1)"]


def test_export_is_header_only_when_nobody_completed(setting):
    for record in setting["records"]:
        record.delete()
    assert _csv_rows(setting["client"].get(_url(setting, "csv"))) == [HEADER]


def test_export_of_an_unknown_kind_course_or_register_is_not_found(setting):
    client = setting["client"]
    assert client.get(_url(setting, "pdf")).status_code == 404
    url = reverse(
        "registers_admin:export",
        kwargs={"course_id": 999999, "register_id": 1, "kind": "csv"},
    )
    assert client.get(url).status_code == 404
