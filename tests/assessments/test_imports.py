"""Question import and export: all rows validated first with row and column in
the report, nothing saved on any error, idempotent re-import, formula cells
neutralised on export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from assessments.exports import questions_export
from assessments.imports import questions_import
from assessments.models import Question
from assessments.spreadsheet import COLUMNS
from tests.bombs import xlsx_bomb
from tests.factories.assessments import question_create, staff_create

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    {
        "key": "imp-single",
        "category": "nps",
        "type": "single",
        "text": "<p>Op welke lijst staat 3-MMC?</p><script>alert(1)</script>",
        "options": "[ ] Lijst I | Nee\n[x] Lijst II | Juist\n[ ] Geen lijst",
        "weight": "1,5",
        "tags": "wetgeving, 3-mmc",
        "sources": "Trimbos (https://www.trimbos.nl)",
    },
    {
        "key": "imp-tf",
        "category": "nps",
        "type": "true_false",
        "text": "Combineren met GHB is veilig.",
        "correct": "onjuist",
    },
    {
        "key": "imp-order",
        "category": "nps",
        "type": "ordering",
        "text": "Zet in volgorde.",
        "items": "2012\n2021\n2025",
        "partial_credit": "proportional",
    },
    {
        "key": "imp-match",
        "category": "nps",
        "type": "matching",
        "text": "Koppel.",
        "pairs": "GHB => Depressivum\nAlcohol => Depressivum\n3-MMC => Stimulerend",
    },
    {
        "key": "imp-short",
        "category": "nps",
        "type": "short_text",
        "text": "Welke route?",
        "accepted_answers": "snuiven\nsnuif",
    },
    {
        "key": "imp-essay",
        "category": "nps",
        "type": "essay",
        "text": "Beschouw.",
        "weight": "2",
    },
    {
        "key": "imp-multi",
        "category": "nps",
        "type": "multiple",
        "text": "Kies alle juiste.",
        "options": "[x] DMP\n[x] 3-CMC\n[ ] GHB",
        "partial_credit": "right_minus_wrong",
    },
]


def _csv(rows, *, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def test_import_creates_every_question_type_when_all_rows_are_valid(category):
    report = questions_import(name="vragen.csv", content=_csv(GOOD_ROWS))
    assert report.ok, report.errors
    assert report.created == 7
    single = Question.objects.get(key="imp-single")
    snapshot = single.snapshot()
    assert snapshot["weight"] == 1.5
    assert [o["correct"] for o in snapshot["options"]] == [False, True, False]
    assert snapshot["options"][1]["feedback"] == "Juist"
    assert "<script>" not in single.text
    assert sorted(t.name for t in single.tags.all()) == ["3-mmc", "wetgeving"]
    assert Question.objects.get(key="imp-tf").snapshot()["correct"] is False
    assert [
        i["text"] for i in Question.objects.get(key="imp-order").snapshot()["items"]
    ] == [
        "2012",
        "2021",
        "2025",
    ]


def test_import_changes_nothing_when_the_same_file_is_imported_again(category):
    questions_import(name="vragen.csv", content=_csv(GOOD_ROWS, delimiter=";"))
    versions = dict(Question.objects.values_list("key", "version"))
    report = questions_import(name="vragen.csv", content=_csv(GOOD_ROWS, delimiter=";"))
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 7)
    assert dict(Question.objects.values_list("key", "version")) == versions


def test_import_reports_each_bad_row_and_column_and_saves_nothing_when_invalid(
    category,
):
    rows = [
        *GOOD_ROWS[:2],
        {**GOOD_ROWS[0], "key": "bad-1", "options": "[x] a\n[x] b", "weight": "zwaar"},
        {"key": "", "category": "onbekend", "type": "single", "text": "Vraag"},
        {**GOOD_ROWS[3], "key": "bad-3", "pairs": "GHB: Depressivum"},
        {**GOOD_ROWS[1], "key": "imp-single"},
        {**GOOD_ROWS[4], "key": "bad-5", "type": "raadsel"},
    ]
    report = questions_import(name="vragen.csv", content=_csv(rows))
    assert not report.ok
    found = {(error.row, error.column) for error in report.errors}
    assert (4, "weight") in found
    assert (5, "key") in found
    assert (5, "category") in found
    assert (5, "options") in found
    assert (6, "pairs") in found
    assert (7, "key") in found
    assert (8, "type") in found
    messages = " ".join(error.message for error in report.errors)
    assert "Deze sleutel staat ook in rij 2." in messages
    assert "Onbekende categorie ‘onbekend’" in messages
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("vragen.txt", b"key", "Kies een .xlsx- of .csv-bestand."),
        ("vragen.csv", b"", "Het bestand is leeg."),
        ("vragen.xlsx", b"not a zip", "Het Excel-bestand kon niet worden gelezen."),
        ("vragen.csv", b"key,type\nx,single\n", "De kolommen category, text ontbreken"),
        ("vragen.csv", "key;€".encode("cp1252"), "Sla het CSV-bestand op als UTF-8."),
    ],
)
def test_import_reports_the_file_problem_when_the_file_is_unusable(
    name, content, fragment
):
    report = questions_import(name=name, content=content)
    assert not report.ok
    assert fragment in report.errors[0].message
    assert report.errors[0].row == 0


def test_import_refuses_a_workbook_that_unpacks_to_60_mb(category):
    report = questions_import(name="vragen.xlsx", content=xlsx_bomb([["key"]]))
    assert not report.ok
    assert "uitgepakt te groot" in report.errors[0].message
    assert not Question.objects.exists()


def test_export_round_trips_without_change_when_imported_again(category, questions):
    for file_format in ("xlsx", "csv"):
        data = questions_export(
            questions=Question.objects.all(), file_format=file_format
        )
        report = questions_import(name=f"export.{file_format}", content=data)
        assert report.ok, report.errors
        assert report.unchanged == len(questions)
    assert set(Question.objects.values_list("version", flat=True)) == {1}


def test_export_neutralises_cells_that_would_run_as_formulas(category):
    question_create(
        category=category,
        key="formule",
        explanation='=HYPERLINK("https://evil.example","klik")',
        feedback_correct="+31 6 1234",
        feedback_incorrect="@SUM(A1)",
    )
    csv_text = questions_export(
        questions=Question.objects.all(), file_format="csv"
    ).decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(csv_text)))
    assert row["explanation"].startswith("'=HYPERLINK")
    assert row["feedback_correct"] == "'+31 6 1234"
    assert row["feedback_incorrect"] == "'@SUM(A1)"
    workbook = load_workbook(
        io.BytesIO(
            questions_export(questions=Question.objects.all(), file_format="xlsx")
        )
    )
    cells = [cell for cell in workbook.active[2] if isinstance(cell.value, str)]
    assert all(not cell.value.startswith(("=", "+", "@")) for cell in cells)
    assert all(cell.data_type == "s" for cell in cells)
    reimported = questions_import(
        name="x.csv",
        content=questions_export(questions=Question.objects.all(), file_format="csv"),
    )
    assert reimported.unchanged == 1


def test_import_page_shows_the_report_and_saves_nothing_when_a_row_is_bad(
    client, category, django_capture_on_commit_callbacks
):
    client.force_login(staff_create("add_question", "change_question", "view_question"))
    bad = _csv([GOOD_ROWS[0], {**GOOD_ROWS[1], "correct": "misschien"}])
    with django_capture_on_commit_callbacks(execute=True):  # the task runs
        response = client.post(
            "/beheer/toetsen/vragen/import/",
            {"file": SimpleUploadedFile("vragen.csv", bad, content_type="text/csv")},
        )
    assert response.status_code == 302
    report = client.get(response.url)
    assert report.status_code == 400
    assert "‘misschien’ is niet juist of onjuist." in report.text
    assert "er is niets opgeslagen" in report.text
    assert not Question.objects.exists()
    good = _csv(GOOD_ROWS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/beheer/toetsen/vragen/import/",
            {"file": SimpleUploadedFile("vragen.csv", good, content_type="text/csv")},
        )
    assert response.status_code == 302
    assert Question.objects.count() == 7
    report = client.get(response.url)
    assert "Import gelukt: 7 nieuw, 0 bijgewerkt, 0 ongewijzigd." in report.text
    assert 'http-equiv="refresh"' not in report.text
    export = client.get(
        "/beheer/toetsen/vragen/export/", {"format": "xlsx", "category": "nps"}
    )
    assert export.status_code == 200
    assert export["Content-Disposition"] == 'attachment; filename="vragen-nps.xlsx"'


def test_import_page_is_refused_when_the_user_may_not_edit_questions(client, category):
    client.force_login(staff_create("view_question"))
    response = client.post(
        "/beheer/toetsen/vragen/import/",
        {"file": SimpleUploadedFile("vragen.csv", _csv(GOOD_ROWS))},
    )
    assert response.status_code in (302, 403)  # the admin redirects with a message
    assert not Question.objects.exists()


def test_import_and_export_carry_case_based_when_the_column_is_filled(category):
    rows = [
        {**GOOD_ROWS[1], "case_based": "ja"},
        {**GOOD_ROWS[4], "key": "imp-plain"},
    ]
    assert questions_import(name="vragen.csv", content=_csv(rows)).ok
    assert Question.objects.get(key="imp-tf").case_based is True
    assert Question.objects.get(key="imp-plain").case_based is False
    exported = questions_export(
        questions=Question.objects.order_by("key"), file_format="csv"
    ).decode("utf-8-sig")
    flags = [row["case_based"] for row in csv.DictReader(io.StringIO(exported))]
    assert flags == ["false", "true"]
    rows[0]["case_based"] = "nee"
    assert questions_import(name="vragen.csv", content=_csv(rows)).updated == 1
    assert Question.objects.get(key="imp-tf").case_based is False
