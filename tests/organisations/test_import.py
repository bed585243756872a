"""Staff import from XLSX or CSV: a preview listing every bad row and column,
nothing saved unless every row is valid, the same file twice changes nothing,
and formulas are never evaluated."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from organisations.models import Invitation, Membership
from organisations.services.staff_import import (
    staff_import_confirm,
    staff_import_prepare,
    staff_import_preview,
)
from organisations.spreadsheets import MAX_COLUMNS, UnreadableFile, sheet_read
from tests.bombs import xlsx_bomb, xlsx_wide
from tests.factories.organisations import MembershipFactory, TeamFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
HEADER = ["E-mailadres", "Voornaam", "Achternaam", "Team", "Beroep"]
GOOD = [
    ["anna@example.org", "Anna", "Bakker", "Wijkteam", "Huisarts"],
    ["bram@example.org", "Bram", "de Boer", "", "verslavingszorg"],
    ["cem@example.org", "Cem", "Yilmaz", "wijkteam", ""],
]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=";") -> bytes:
    return "\n".join(delimiter.join(row) for row in rows).encode("utf-8")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Wijkteam")


def preview(organisation, rows, name="personeel.xlsx"):
    data = xlsx(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return staff_import_preview(organisation=organisation, filename=name, data=data)


def apply(organisation, result, manager, capture):
    """Confirm a checked preview; the task applies it after commit."""
    staff_import = staff_import_prepare(
        organisation=organisation, actor=manager, preview=result
    )
    with capture(execute=True):
        staff_import_confirm(
            organisation=organisation, token=staff_import.token, actor=manager
        )
    staff_import.refresh_from_db()
    return staff_import


def upload(client, organisation, name, data, capture):
    """Upload through the page; the check task runs after commit. Returns the
    import's page."""
    url = reverse("organisations:import", args=[organisation.pk])
    with capture(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    return client.get(response.url)


def problems(result):
    return [(e.row, e.column, e.message) for e in result.checked.errors]


def test_valid_file_previews_three_invitations_when_checked(organisation, team):
    result = preview(organisation, [HEADER, *GOOD])
    assert result.checked.ok
    assert result.new_count == 3
    assert [p.row.profession for p in result.plan] == [
        "huisarts",
        "verslavingszorg",
        "",
    ]
    assert result.plan[2].row.team_id == team.pk
    assert not Invitation.objects.exists()


def test_applying_invites_everyone_and_reimport_changes_nothing_when_repeated(
    organisation, team, manager, django_capture_on_commit_callbacks
):
    result = preview(organisation, [HEADER, *GOOD])
    capture = django_capture_on_commit_callbacks
    assert apply(organisation, result, manager, capture).invited == 3
    assert len(mail.outbox) == 3
    snapshot = list(Invitation.objects.values_list("pk", "email", "token"))
    again = preview(organisation, [HEADER, *GOOD])
    assert again.new_count == 0
    assert {p.action for p in again.plan} == {"invited"}
    assert apply(organisation, again, manager, capture).invited == 0
    assert list(Invitation.objects.values_list("pk", "email", "token")) == snapshot
    assert len(mail.outbox) == 3


def test_existing_member_is_left_alone_when_in_the_file(organisation, team):
    MembershipFactory(
        organisation=organisation, user=UserFactory(email="anna@example.org")
    )
    result = preview(organisation, [HEADER, *GOOD])
    assert [p.action for p in result.plan] == ["member", "invite", "invite"]


def test_wrong_headers_are_listed_when_columns_are_unknown_or_missing(organisation):
    result = preview(
        organisation, [["Adres", "Naam", "Voornaam", "Voornaam"], GOOD[0][:4]]
    )
    found = problems(result)
    assert found[0][:2] == (None, "Adres")
    assert "Onbekende kolom" in found[0][2]
    assert any(p[1] == "Voornaam" and "twee keer" in p[2] for p in found)
    assert any(p[1] == "e-mailadres" and "ontbreekt" in p[2] for p in found)
    assert any(p[1] == "achternaam" and "ontbreekt" in p[2] for p in found)
    assert result.plan == []


def test_every_bad_row_and_column_is_listed_when_several_are_wrong(organisation, team):
    rows = [
        HEADER,
        ["goed@example.org", "Goed", "Mens", "", ""],
        ["geen-adres", "Piet", "Puk", "", ""],
        ["dubbel@example.org", "", "Leeg", "Onbekend", "astronaut"],
        ["dubbel@example.org", "Twee", "Keer", "", ""],
        ["", "", "", "", ""],
    ]
    result = preview(organisation, rows)
    found = problems(result)
    assert (3, "e-mailadres", "geen-adres is geen geldig e-mailadres.") in found
    assert any(p[0] == 4 and p[1] == "voornaam" for p in found)
    assert any(p[0] == 4 and p[1] == "team" and "Onbekend team" in p[2] for p in found)
    assert any(p[0] == 4 and p[1] == "beroep" for p in found)
    assert any(p[0] == 5 and "rij 4" in p[2] for p in found)
    assert result.checked.empty_rows == [6]
    assert not result.checked.ok
    assert result.plan == []


def test_formulas_are_refused_and_never_evaluated_when_in_cells(organisation):
    rows = [
        HEADER,
        ["a@example.org", '=HYPERLINK("http://evil","klik")', "X", "", ""],
        ["b@example.org", "+31 6 123", "Y", "", ""],
        ["c@example.org", "Cas", "@SUM(1)", "", ""],
        ["d@example.org", "Dirk", "-2+3", "", ""],
    ]
    result = preview(organisation, rows)
    found = problems(result)
    assert [(p[0], p[1]) for p in found] == [
        (2, "voornaam"),
        (3, "voornaam"),
        (4, "achternaam"),
        (5, "achternaam"),
    ]
    assert all("formule" in p[2] for p in found)
    sheet = sheet_read(filename="x.xlsx", data=xlsx(rows))
    assert sheet.rows[0][1][1].startswith("=HYPERLINK")  # the text, not a result


def test_csv_with_commas_or_semicolons_reads_the_same_when_imported(organisation, team):
    for delimiter in (",", ";"):
        data = csv_bytes([HEADER, *GOOD], delimiter=delimiter)
        result = staff_import_preview(
            organisation=organisation, filename="lijst.csv", data=data
        )
        assert result.checked.ok, problems(result)
        assert result.new_count == 3


def test_csv_in_windows_encoding_is_read_when_not_utf8(organisation):
    data = "e-mailadres;voornaam;achternaam\nzoe@example.org;Zoë;Müller\n".encode(
        "cp1252"
    )
    result = staff_import_preview(
        organisation=organisation, filename="x.csv", data=data
    )
    assert result.plan[0].row.first_name == "Zoë"


def test_unreadable_files_are_refused_when_uploaded(organisation):
    with pytest.raises(UnreadableFile) as error:
        staff_import_preview(organisation=organisation, filename="x.xlsx", data=b"nee")
    assert error.value.code == "format"
    with pytest.raises(UnreadableFile) as error:
        staff_import_preview(organisation=organisation, filename="x.csv", data=b"\n\n")
    assert error.value.code == "empty"
    with pytest.raises(UnreadableFile) as error:
        staff_import_preview(organisation=organisation, filename="x.pdf", data=b"%PDF")
    assert error.value.code == "format"


def test_file_with_only_a_header_is_an_error_when_previewed(organisation):
    result = preview(organisation, [HEADER])
    assert "geen personen" in problems(result)[0][2]


def test_upload_preview_and_confirm_invite_when_using_the_pages(
    manager_client, organisation, team, django_capture_on_commit_callbacks
):
    url = reverse("organisations:import", args=[organisation.pk])
    response = upload(
        manager_client,
        organisation,
        "personeel.xlsx",
        xlsx([HEADER, *GOOD]),
        django_capture_on_commit_callbacks,
    )
    html = response.content.decode()
    assert "wordt uitgenodigd" in html
    assert "3 personen krijgen een uitnodiging" in html
    assert 'http-equiv="refresh"' not in html
    assert not Invitation.objects.exists()
    token = response.context["staff_import"].token
    assert f'value="{token}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        done = manager_client.post(url, {"stap": "bevestigen", "token": token})
    assert done.status_code == 302
    assert Invitation.objects.count() == 3
    assert Membership.objects.filter(organisation=organisation).count() == 1
    status = manager_client.get(done.url).content.decode()
    assert "Klaar: 3 uitnodigingen worden verstuurd." in status
    assert 'http-equiv="refresh"' not in status


def test_bad_file_shows_every_problem_and_saves_nothing_when_uploaded(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    url = reverse("organisations:import", args=[organisation.pk])
    rows = [HEADER, ["x", "", "", "Geen", ""]]
    response = upload(
        manager_client,
        organisation,
        "p.csv",
        csv_bytes(rows),
        django_capture_on_commit_callbacks,
    )
    html = response.content.decode()
    assert "Er is niets opgeslagen" in html
    assert "geen geldig e-mailadres" in html
    assert "Onbekend team" in html
    assert "<td>2</td>" in html  # the row number as the spreadsheet shows it
    stale = manager_client.post(url, {"stap": "bevestigen", "token": "abc"})
    assert stale.url == url
    assert not Invitation.objects.exists()


def test_garbage_upload_shows_a_message_when_not_a_spreadsheet(
    manager_client, organisation
):
    url = reverse("organisations:import", args=[organisation.pk])
    response = manager_client.post(
        url, {"file": SimpleUploadedFile("p.xlsx", b"PK\x03\x04 kapot")}
    )
    assert response.status_code == 200
    assert "kan niet gelezen worden" in response.content.decode()
    response = manager_client.post(url, {"file": SimpleUploadedFile("p.txt", b"hallo")})
    assert ".xlsx- of .csv-bestand" in response.content.decode()


def test_workbook_that_unpacks_to_60_mb_is_refused_before_it_is_read(organisation):
    with pytest.raises(UnreadableFile) as error:
        staff_import_preview(
            organisation=organisation,
            filename="personeel.xlsx",
            data=xlsx_bomb([HEADER, *GOOD]),
        )
    assert error.value.code == "too_big"
    assert not Invitation.objects.exists()


def test_cell_in_the_last_column_does_not_widen_the_sheet_to_16384_columns():
    sheet = sheet_read(filename="personeel.xlsx", data=xlsx_wide([HEADER, *GOOD]))
    assert len(sheet.header) == len(HEADER)
    assert all(len(cells) <= MAX_COLUMNS for _number, cells in sheet.rows)


def test_import_that_would_pass_the_daily_invitation_limit_fails_before_inviting(
    manager_client, organisation, team, settings, django_capture_on_commit_callbacks
):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 2
    url = reverse("organisations:import", args=[organisation.pk])
    page = upload(
        manager_client,
        organisation,
        "personeel.xlsx",
        xlsx([HEADER, *GOOD]),
        django_capture_on_commit_callbacks,
    )
    token = page.context["staff_import"].token
    with django_capture_on_commit_callbacks(execute=True):
        done = manager_client.post(url, {"stap": "bevestigen", "token": token})
    status = manager_client.get(done.url).content.decode()
    assert "de grens is 2 per dag" in status
    assert not Invitation.objects.exists()
    assert mail.outbox == []
