"""Puntenregistratie in the browser (issue 15): a trainer who holds the
registration permission (not a superuser) opens the report from the admin's
Rapporten menu, filters on rejected records, sends one again after the
confirmation page, and downloads the manual-route CSV; axe-core clean on each
admin page."""

import datetime
from pathlib import Path

from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from courses.roles import TRAINERS
from registers.models import RecordStatus
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.courses import course_tree_create
from tests.factories.registers import (
    AttendanceRecordFactory,
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import TEST_PASSWORD, UserFactory, role_member_create

SLOW_MACHINE_MS = 30_000


def test_trainer_filters_requeues_and_exports_registrations(page, site):
    page.set_default_timeout(SLOW_MACHINE_MS)
    course = course_tree_create(site, title="Chemsex in de praktijk").course
    accreditation = CourseAccreditationFactory(
        course=course, register=RegisterFactory(), register_course_id="9471"
    )
    now = timezone.now()
    people = {}
    for name, number, status in (
        ("Anna", "01234567890", RecordStatus.REJECTED),
        ("Bram", "12345678901", RecordStatus.ACCEPTED),
    ):
        person = UserFactory(first_name=name, last_name="Jansen")
        RegisterNumberFactory(
            user=person, register=accreditation.register, number=number
        )
        people[name] = AttendanceRecordFactory(
            accreditation=accreditation,
            user=person,
            person_number=number,
            status=status,
            accepted_at=now if status == RecordStatus.ACCEPTED else None,
            error_number="1032" if status == RecordStatus.REJECTED else "",
            error_message="date falls outside all accreditation periods"
            if status == RecordStatus.REJECTED
            else "",
            end_date=now - datetime.timedelta(days=2),
        )
    trainer = role_member_create(TRAINERS, email="registrar@example.org")
    trainer.user_permissions.add(
        Permission.objects.get(codename="manage_registrations")
    )
    assert not trainer.is_superuser

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(trainer.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    page.goto("/beheer/")
    page.get_by_role("button", name="Rapporten").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Puntenregistratie").click()
    table = page.locator("#registrations")
    expect(table).to_contain_text("Anna Jansen")
    expect(table).to_contain_text("Bram Jansen")
    assert_no_axe_violations(page)

    page.get_by_label("Status").select_option("rejected")
    with page.expect_navigation():
        page.get_by_role("button", name="Filteren").click()
    expect(table).to_contain_text("Anna Jansen")
    expect(table).not_to_contain_text("Bram Jansen")
    expect(table).to_contain_text("fout 1032: date falls outside")

    with page.expect_navigation():
        page.get_by_role("link", name="Opnieuw aanmelden (Anna Jansen)").click()
    expect(page.get_by_role("button", name="Ja, opnieuw aanmelden")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, opnieuw aanmelden").click()
    expect(
        page.get_by_text("1 registratie staat weer klaar om te verzenden.")
    ).to_be_visible()
    people["Anna"].refresh_from_db()
    assert people["Anna"].status == RecordStatus.PENDING

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"CSV {course.title}").click()
    path = Path(download_info.value.path())
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Registratienummer;Afgerond op")
    assert {line.split(";")[0] for line in lines[1:]} == {
        "01234567890",
        "12345678901",
    }
