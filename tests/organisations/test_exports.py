"""Dashboard exports: CSV and XLSX, streamed, one row per person and required
course, with formula-like text neutralised."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organisations.spreadsheets import cell_safe
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organisation, course_tree, manager):
    requirement_create(organisation, course_tree.course)
    sneaky = MembershipFactory(
        organisation=organisation,
        user=UserFactory(
            first_name="=HYPERLINK(1)", last_name="@kwaad", email="k@example.org"
        ),
    )
    valid = MembershipFactory(
        organisation=organisation,
        user=UserFactory(first_name="Anna", last_name="Bakker", email="a@example.org"),
    )
    CertificateFactory(
        user=valid.user,
        course=course_tree.course,
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
    )
    return sneaky, valid


def organisation_export(organisation):
    from organisations.models import ComplianceExport

    return ComplianceExport.objects.get(organisation=organisation)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_cell_safe_prefixes_formula_signs_when_text_starts_with_them():
    assert cell_safe("=1+1") == "'=1+1"
    assert cell_safe("+31") == "'+31"
    assert cell_safe("-x") == "'-x"
    assert cell_safe("@x") == "'@x"
    assert cell_safe("Anna") == "Anna"
    assert cell_safe(3) == 3


def test_csv_export_streams_one_row_per_person_and_course_when_downloaded(
    manager_client, organisation, staff
):
    response = manager_client.get(
        reverse("organisations:export_csv", args=[organisation.pk])
    )
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    text = content(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Achternaam",
        "Voornaam",
        "E-mailadres",
        "Team",
        "Beroep",
        "Cursus",
        "Status",
        "Datum",
    ]
    assert len(rows) == 4  # manager, sneaky and valid: one required course each
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["a@example.org"][6] == "geldig"
    assert by_email["k@example.org"][:2] == ["'@kwaad", "'=HYPERLINK(1)"]
    assert by_email["k@example.org"][6] == "niet begonnen"


def test_exports_say_certificate_held_not_shared_and_only_the_due_date_when_hidden(
    manager_client, organisation, course_tree, django_capture_on_commit_callbacks
):
    requirement_create(organisation, course_tree.course, due_within_days=30)
    today = timezone.localdate()
    person = MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="n@example.org"),
        start_date=today - datetime.timedelta(days=10),
    )
    CertificateFactory(
        user=person.user,
        course=course_tree.course,
        issued_on=today - datetime.timedelta(days=100),
        valid_until=datetime.date(2031, 7, 9),
    )
    due = today + datetime.timedelta(days=20)
    response = manager_client.get(
        reverse("organisations:export_csv", args=[organisation.pk])
    )
    text = content(response).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[2] == "n@example.org")
    assert row[6:] == ["certificaat aanwezig, nog niet gedeeld", due.isoformat()]
    assert "2031" not in text
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("organisations:export_xlsx", args=[organisation.pk])
        )
    export = organisation_export(organisation)
    download = manager_client.get(
        reverse("organisations:export_download", args=[organisation.pk, export.pk])
    )
    rows = list(
        load_workbook(io.BytesIO(content(download))).active.iter_rows(values_only=True)
    )
    row = next(r for r in rows if r[2] == "n@example.org")
    assert row[6] == "certificaat aanwezig, nog niet gedeeld"
    assert row[7].date() == due
    assert all("2031" not in str(value) for r in rows for value in r)


def test_xlsx_export_opens_with_safe_cells_and_real_dates_when_downloaded(
    manager_client, organisation, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = manager_client.post(
            reverse("organisations:export_xlsx", args=[organisation.pk])
        )
    status = manager_client.get(asked.url).content.decode()
    assert "De export is klaar." in status
    assert 'http-equiv="refresh"' not in status
    export = organisation_export(organisation)
    download = reverse(
        "organisations:export_download", args=[organisation.pk, export.pk]
    )
    assert download in status
    response = manager_client.get(download)
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in response["Cache-Control"]
    workbook = load_workbook(io.BytesIO(content(response)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Achternaam"
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["k@example.org"][0] == "'@kwaad"
    assert by_email["k@example.org"][1] == "'=HYPERLINK(1)"
    cell = next(c for c in sheet["H"][1:] if c.row and c.value)
    assert isinstance(cell.value, datetime.datetime)
    assert all(
        not (isinstance(c.value, str) and c.value.startswith("="))
        for row in sheet.iter_rows()
        for c in row
    )


def test_export_respects_the_status_filter_when_filtered(
    manager_client, organisation, staff
):
    response = manager_client.get(
        reverse("organisations:export_csv", args=[organisation.pk]),
        {"status": "geldig"},
    )
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["a@example.org"]


def test_export_walks_people_in_chunks_when_many(
    organisation, course_tree, monkeypatch
):
    from organisations.exports import export_rows
    from organisations.selectors import dashboard
    from organisations.selectors.dashboard import Filters

    requirement_create(organisation, course_tree.course)
    for n in range(7):
        MembershipFactory(
            organisation=organisation, user=UserFactory(last_name=f"N{n}")
        )
    calls = []
    original = dashboard.cells_fill

    def counting(**kwargs):
        calls.append(len(kwargs["people"]))
        return original(**kwargs)

    monkeypatch.setattr(dashboard, "EXPORT_CHUNK", 3)
    monkeypatch.setattr(dashboard, "cells_fill", counting)
    rows = list(
        export_rows(
            organisation=organisation, filters=Filters(), today=timezone.localdate()
        )
    )
    assert calls == [3, 3, 1]
    assert len(rows) == 8
    assert [row[0] for row in rows[1:]] == [f"N{n}" for n in range(7)]


def test_certificates_zip_holds_visible_current_certificates_when_downloaded(
    manager_client, organisation, staff, course_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _sneaky, valid = staff
    hidden = MembershipFactory(organisation=organisation)
    CertificateFactory(
        user=hidden.user,
        course=course_tree.course,
        issued_on=hidden.start_date - datetime.timedelta(days=30),
    )
    response = manager_client.get(
        reverse("organisations:certificates_zip", args=[organisation.pk])
    )
    archive = zipfile.ZipFile(io.BytesIO(content(response)))
    names = archive.namelist()
    assert len(names) == 1
    assert "anna-bakker" in names[0]
    assert archive.read(names[0]).startswith(b"%PDF")


def test_certificates_zip_leaves_out_expired_certificates_when_downloaded(
    manager_client, organisation, staff, course_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    expired = MembershipFactory(
        organisation=organisation,
        user=UserFactory(first_name="Eva", last_name="Verlopen"),
        start_date=timezone.localdate() - datetime.timedelta(days=800),
    )
    CertificateFactory(
        user=expired.user,
        course=course_tree.course,
        issued_on=timezone.localdate() - datetime.timedelta(days=400),
        issued_at=timezone.now() - datetime.timedelta(days=400),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = manager_client.get(
        reverse("organisations:certificates_zip", args=[organisation.pk])
    )
    names = zipfile.ZipFile(io.BytesIO(content(response))).namelist()
    assert [name for name in names if name.startswith("eva-")] == []
    assert any(name.startswith("anna-bakker") for name in names)
