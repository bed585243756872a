"""Issue 20 item 9 for the question import: the upload request parses nothing.
It stores the file privately, queues a task and redirects to the job's page,
which refreshes itself and then shows the report; the task deletes the stored
upload whatever the outcome. A failing task marks the job failed and saves
nothing, a stalled job can be tried again, a double submit makes one import,
and only users who may import questions see a job."""

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments import imports
from assessments.models import Question, QuestionImport, QuestionImportStatus
from assessments.services.question_imports import question_import_run
from tests.assessments.test_imports import GOOD_ROWS, _csv
from tests.bombs import corrupt_workbook
from tests.factories.assessments import staff_create

pytestmark = pytest.mark.django_db

URL = "/beheer/toetsen/vragen/import/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK = "assessments.tasks.question_import_task"
IMPORTER = ("add_question", "change_question", "view_question")


@pytest.fixture
def queue(settings):
    """A task backend that only queues, like production with a busy worker."""
    settings.TASKS = DB_TASKS


@pytest.fixture
def importer_client(client):
    client.force_login(staff_create(*IMPORTER))
    return client


@pytest.fixture(autouse=True)
def _stored_uploads_removed():
    yield
    for job in QuestionImport.objects.exclude(upload=""):
        default_storage.delete(job.upload.name)


def _post(client, data, capture, name="vragen.csv", **extra):
    with capture(execute=True):
        return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


def test_upload_redirects_before_any_row_is_read_when_the_task_waits_in_the_queue(
    queue,
    importer_client,
    category,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    def no_parsing(**kwargs):
        raise AssertionError("the request parsed the upload")

    monkeypatch.setattr(imports, "read_rows", no_parsing)
    response = _post(
        importer_client, _csv(GOOD_ROWS), django_capture_on_commit_callbacks
    )
    job = QuestionImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessments_admin:import_job", args=[job.pk])
    assert job.status == QuestionImportStatus.QUEUED
    assert default_storage.exists(job.upload.name)
    assert job.upload.name.startswith("imports/")
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert not Question.objects.exists()
    page = importer_client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "In de wachtrij" in page


def test_task_saves_the_rows_reports_counts_and_deletes_the_upload_when_valid(
    queue, importer_client, category, django_capture_on_commit_callbacks
):
    response = _post(
        importer_client, _csv(GOOD_ROWS), django_capture_on_commit_callbacks
    )
    job = QuestionImport.objects.get()
    name = job.upload.name
    done = question_import_run(import_id=job.pk)
    assert (done.status, done.created, done.total, done.done) == ("done", 7, 7, 7)
    assert Question.objects.count() == 7
    assert done.upload.name == ""
    assert not default_storage.exists(name)
    page = importer_client.get(response.url).content.decode()
    assert "Import gelukt: 7 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page
    assert 'http-equiv="refresh"' not in page
    assert question_import_run(import_id=job.pk).created == 7  # a duplicate task
    assert Question.objects.count() == 7


def test_progress_shows_rows_checked_of_total_while_the_task_runs(
    queue, importer_client, category, django_capture_on_commit_callbacks
):
    response = _post(
        importer_client, _csv(GOOD_ROWS), django_capture_on_commit_callbacks
    )
    QuestionImport.objects.update(
        status=QuestionImportStatus.RUNNING,
        total=7,
        done=3,
        heartbeat_at=timezone.now(),
    )
    page = importer_client.get(response.url).content.decode()
    assert "Bezig: 3 van 7 rijen gecontroleerd." in page
    assert '<progress max="7" value="3"' in page
    assert 'http-equiv="refresh"' in page


def test_task_that_raises_fails_the_job_saves_nothing_and_deletes_the_upload(
    queue, importer_client, category, django_capture_on_commit_callbacks, monkeypatch
):
    response = _post(
        importer_client, _csv(GOOD_ROWS), django_capture_on_commit_callbacks
    )
    job = QuestionImport.objects.get()
    name = job.upload.name
    original = imports.question_save
    saved = []

    def save_then_break(data):
        if saved:
            raise RuntimeError("the database went away")
        saved.append(original(data))
        return saved[-1]

    monkeypatch.setattr(imports, "question_save", save_then_break)
    with pytest.raises(RuntimeError):  # the task is recorded as failed too
        question_import_run(import_id=job.pk)
    job.refresh_from_db()
    assert job.status == QuestionImportStatus.FAILED
    assert not Question.objects.exists()  # the first row was rolled back
    assert not default_storage.exists(name)
    page = importer_client.get(response.url).content.decode()
    assert "Het bestand kon niet geïmporteerd worden; er is niets opgeslagen." in page
    assert 'http-equiv="refresh"' not in page


def test_corrupt_workbook_is_reported_and_its_upload_deleted(
    importer_client, category, django_capture_on_commit_callbacks
):
    response = _post(
        importer_client,
        corrupt_workbook(),
        django_capture_on_commit_callbacks,
        name="vragen.xlsx",
    )
    job = QuestionImport.objects.get()
    assert (job.status, job.upload.name) == (QuestionImportStatus.DONE, "")
    page = importer_client.get(response.url)
    assert page.status_code == 400
    assert "Het Excel-bestand kon niet worden gelezen." in page.content.decode()


def test_second_submit_of_the_same_form_makes_one_import_when_double_clicked(
    queue, importer_client, category, django_capture_on_commit_callbacks
):
    form = importer_client.get(URL).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', form)[1]
    answers = [
        _post(
            importer_client,
            _csv(GOOD_ROWS),
            django_capture_on_commit_callbacks,
            submission=submission,
        )
        for _ in range(2)
    ]
    assert answers[0].url == answers[1].url
    assert QuestionImport.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1


def test_job_page_is_not_found_when_the_user_may_not_import_questions(client, category):
    job = QuestionImport.objects.create(
        created_by=staff_create(*IMPORTER),
        filename="vragen.csv",
        status=QuestionImportStatus.DONE,
        errors=[{"row": 2, "column": "text", "message": "Geheime vraagtekst"}],
    )
    page = reverse("assessments_admin:import_job", args=[job.pk])
    retry = reverse("assessments_admin:import_retry", args=[job.pk])
    for codenames in (("view_question",), ("add_question",)):
        client.force_login(staff_create(*codenames))
        assert client.get(page).status_code == 404
        assert client.post(retry).status_code == 404
    client.logout()
    assert client.get(page).status_code == 302  # to the sign-in page
    client.force_login(staff_create(*IMPORTER))  # another importer may
    assert "Geheime vraagtekst" in client.get(page).content.decode()


def test_stalled_job_shows_as_stopped_and_runs_again_when_retried(
    queue, importer_client, category, django_capture_on_commit_callbacks, settings
):
    response = _post(
        importer_client, _csv(GOOD_ROWS), django_capture_on_commit_callbacks
    )
    QuestionImport.objects.update(
        status=QuestionImportStatus.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    page = importer_client.get(response.url).content.decode()
    assert "De import is gestopt" in page
    assert 'http-equiv="refresh"' not in page
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    job = QuestionImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(reverse("assessments_admin:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created) == (QuestionImportStatus.DONE, 7)
    assert Question.objects.count() == 7


def test_workbook_bomb_is_refused_in_the_request_and_nothing_is_stored(
    importer_client, category, django_capture_on_commit_callbacks
):
    from tests.bombs import xlsx_bomb

    response = _post(
        importer_client,
        xlsx_bomb([["key", "category", "type", "text"]]),
        django_capture_on_commit_callbacks,
        name="vragen.xlsx",
    )
    assert response.status_code == 400
    assert "uitgepakt te groot" in response.content.decode()
    assert not QuestionImport.objects.exists()


def test_daily_cleanup_deletes_week_old_imports_with_their_stored_upload(
    queue, importer_client, category, django_capture_on_commit_callbacks
):
    _post(importer_client, _csv(GOOD_ROWS), django_capture_on_commit_callbacks)
    old = QuestionImport.objects.get()
    stored = old.upload.name
    assert default_storage.exists(stored)  # waiting in the queue, not yet read
    QuestionImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    _post(
        importer_client,
        _csv(GOOD_ROWS),
        django_capture_on_commit_callbacks,
        "nieuw.csv",
    )
    call_command("delete_expired_exports")
    call_command("delete_expired_exports")  # a second run finds nothing to do
    assert not default_storage.exists(stored)
    assert list(QuestionImport.objects.values_list("filename", flat=True)) == [
        "nieuw.csv"
    ]
