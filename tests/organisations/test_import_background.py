"""Issue 20 item 9: the staff import's upload request parses nothing. It stores
the file privately, queues a check task and redirects to the import's page; the
task reads the file, records the preview or every problem per row, and deletes
the stored upload whatever the outcome. A corrupt file fails with a message, a
stalled check or import can be tried again, a double submit makes one import,
and only the organisation's managers see the page."""

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from organisations.models import Invitation, JobStatus, StaffImport
from organisations.services import staff_import as service
from organisations.services.exports import exports_delete_expired
from organisations.services.staff_import import staff_import_check
from tests.bombs import corrupt_workbook
from tests.factories.organisations import MembershipFactory, manager_create

pytestmark = pytest.mark.django_db

CSV = b"e-mailadres;voornaam;achternaam\nanna@example.org;Anna;Bakker\n"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CHECK_TASK = "organisations.tasks.staff_import_check_task"


@pytest.fixture
def queue(settings):
    """A task backend that only queues, like production's database backend with
    a busy worker."""
    settings.TASKS = DB_TASKS


@pytest.fixture(autouse=True)
def _stored_uploads_removed():
    """Uploads a test left queued do not outlive it in the media folder."""
    yield
    for staff_import in StaffImport.objects.exclude(upload=""):
        default_storage.delete(staff_import.upload.name)


def _post(client, organisation, name, data, capture, **extra):
    url = reverse("organisations:import", args=[organisation.pk])
    with capture(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, data), **extra})


def _stored(staff_import) -> bool:
    """Whether the import's upload is still kept: on the row and in storage."""
    return bool(staff_import.upload) and default_storage.exists(
        staff_import.upload.name
    )


def _files() -> set[str]:
    if not default_storage.exists("imports"):
        return set()
    return set(default_storage.listdir("imports")[1])


def test_upload_redirects_before_any_row_is_read_when_the_task_waits_in_the_queue(
    queue, manager_client, organisation, django_capture_on_commit_callbacks, monkeypatch
):
    def no_parsing(**kwargs):
        raise AssertionError("the request parsed the upload")

    monkeypatch.setattr(service, "sheet_read", no_parsing)
    response = _post(
        manager_client,
        organisation,
        "personeel.csv",
        CSV,
        django_capture_on_commit_callbacks,
    )
    staff_import = StaffImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "organisations:import_status", args=[organisation.pk, staff_import.pk]
    )
    assert (staff_import.status, staff_import.rows, staff_import.errors) == (
        JobStatus.UPLOADED,
        [],
        [],
    )
    assert _stored(staff_import)
    assert staff_import.upload.name.startswith("imports/")
    assert "personeel" not in staff_import.upload.name  # a random name
    assert DBTaskResult.objects.filter(task_path=CHECK_TASK).count() == 1
    page = manager_client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "de controle van het bestand begint zo" in page
    assert not Invitation.objects.exists()


def test_check_task_keeps_the_rows_and_deletes_the_upload_when_the_file_is_good(
    queue, manager_client, organisation, django_capture_on_commit_callbacks
):
    response = _post(
        manager_client, organisation, "p.csv", CSV, django_capture_on_commit_callbacks
    )
    staff_import = StaffImport.objects.get()
    name = staff_import.upload.name
    checked = staff_import_check(import_id=staff_import.pk)
    assert checked.status == JobStatus.PREVIEWED
    assert [row["email"] for row in checked.rows] == ["anna@example.org"]
    assert checked.total == 1
    assert checked.upload.name == ""
    assert not default_storage.exists(name)
    page = manager_client.get(response.url).content.decode()
    assert "1 persoon krijgt een uitnodiging" in page
    assert 'http-equiv="refresh"' not in page
    # the task again (a duplicate in the queue) changes nothing
    assert staff_import_check(import_id=staff_import.pk).rows == checked.rows


def test_problems_are_listed_per_row_and_the_upload_deleted_when_rows_are_bad(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    bad = b"e-mailadres;voornaam;achternaam\nanna@example.org;Anna;Bakker\nx;;\n"
    before = _files()
    response = _post(
        manager_client, organisation, "p.csv", bad, django_capture_on_commit_callbacks
    )
    staff_import = StaffImport.objects.get()
    assert staff_import.status == JobStatus.REJECTED
    assert staff_import.rows == []
    assert {error["row"] for error in staff_import.errors} == {3}
    assert not _stored(staff_import)
    assert _files() == before
    page = manager_client.get(response.url).content.decode()
    assert "Het bestand heeft 3 problemen. Er is niets opgeslagen." in page
    assert not Invitation.objects.exists()


def test_corrupt_workbook_fails_with_a_message_and_its_upload_deleted(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    before = _files()
    response = _post(
        manager_client,
        organisation,
        "p.xlsx",
        corrupt_workbook(),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    staff_import = StaffImport.objects.get()
    assert staff_import.status == JobStatus.FAILED
    assert not _stored(staff_import)
    assert _files() == before
    page = manager_client.get(response.url).content.decode()
    assert "Het bestand is niet geïmporteerd; er is niets opgeslagen." in page
    assert "kan niet gelezen worden" in page
    assert "Verder gaan" not in page  # nothing to continue: upload again
    assert 'http-equiv="refresh"' not in page


def test_check_that_raises_marks_the_import_failed_and_deletes_the_upload(
    queue, manager_client, organisation, django_capture_on_commit_callbacks, monkeypatch
):
    response = _post(
        manager_client, organisation, "p.csv", CSV, django_capture_on_commit_callbacks
    )
    staff_import = StaffImport.objects.get()
    name = staff_import.upload.name

    def broken(**kwargs):
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(service, "sheet_read", broken)
    with pytest.raises(RuntimeError):  # the task is recorded as failed too
        staff_import_check(import_id=staff_import.pk)
    staff_import.refresh_from_db()
    assert staff_import.status == JobStatus.FAILED
    assert not default_storage.exists(name)
    page = manager_client.get(response.url).content.decode()
    assert "Het bestand kon niet gecontroleerd worden." in page


def test_second_submit_of_the_same_form_makes_one_import_when_double_clicked(
    queue, manager_client, organisation, django_capture_on_commit_callbacks
):
    url = reverse("organisations:import", args=[organisation.pk])
    form = manager_client.get(url).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', form)[1]
    answers = [
        _post(
            manager_client,
            organisation,
            "p.csv",
            CSV,
            django_capture_on_commit_callbacks,
            submission=submission,
        )
        for _ in range(2)
    ]
    assert answers[0].url == answers[1].url
    assert StaffImport.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=CHECK_TASK).count() == 1
    # a new form is a new import
    _post(
        manager_client, organisation, "p.csv", CSV, django_capture_on_commit_callbacks
    )
    assert StaffImport.objects.count() == 2


def test_import_page_is_not_found_for_anyone_but_the_organisations_managers(
    client, organisation, other_organisation, manager
):
    staff_import = StaffImport.objects.create(
        organisation=organisation,
        created_by=manager,
        status=JobStatus.PREVIEWED,
        rows=[
            {
                "row": 2,
                "email": "anna@example.org",
                "first_name": "Anna",
                "last_name": "Bakker",
                "team_id": None,
                "profession": "",
            }
        ],
        total=1,
    )
    learner = MembershipFactory(organisation=organisation).user
    for user in (manager_create(other_organisation), learner):
        client.force_login(user)
        for org in (organisation, other_organisation):
            args = [org.pk, staff_import.pk]
            page = client.get(reverse("organisations:import_status", args=args))
            retry = client.post(reverse("organisations:import_resume", args=args))
            assert (page.status_code, retry.status_code) == (404, 404)
    client.force_login(manager)
    page = client.get(
        reverse("organisations:import_status", args=[organisation.pk, staff_import.pk])
    )
    assert "anna@example.org" in page.content.decode()


def _stalled(staff_import, status):
    StaffImport.objects.filter(pk=staff_import.pk).update(
        status=status, heartbeat_at=timezone.now() - datetime.timedelta(minutes=11)
    )


def test_stalled_check_shows_as_stopped_and_runs_again_when_retried(
    queue, manager_client, organisation, django_capture_on_commit_callbacks, settings
):
    response = _post(
        manager_client, organisation, "p.csv", CSV, django_capture_on_commit_callbacks
    )
    staff_import = StaffImport.objects.get()
    name = staff_import.upload.name
    _stalled(staff_import, JobStatus.CHECKING)  # its worker died
    page = manager_client.get(response.url).content.decode()
    assert "De controle van het bestand is gestopt." in page
    assert 'http-equiv="refresh"' not in page
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    retry = reverse(
        "organisations:import_resume", args=[organisation.pk, staff_import.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(retry)
    staff_import.refresh_from_db()
    assert staff_import.status == JobStatus.PREVIEWED
    assert not default_storage.exists(name)


def test_stalled_import_continues_where_it_stopped_when_retried(
    manager_client, organisation, manager, django_capture_on_commit_callbacks
):
    staff_import = StaffImport.objects.create(
        organisation=organisation,
        created_by=manager,
        status=JobStatus.RUNNING,
        confirmed_at=timezone.now(),
        rows=[
            {
                "row": 2,
                "email": "anna@example.org",
                "first_name": "Anna",
                "last_name": "Bakker",
                "team_id": None,
                "profession": "",
            }
        ],
        total=1,
        heartbeat_at=timezone.now(),
    )
    args = [organisation.pk, staff_import.pk]
    retry = reverse("organisations:import_resume", args=args)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(retry)  # still moving: not started twice
    assert StaffImport.objects.get().status == JobStatus.RUNNING
    _stalled(staff_import, JobStatus.RUNNING)
    page = manager_client.get(reverse("organisations:import_status", args=args))
    assert "De import is gestopt." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(retry)
    staff_import.refresh_from_db()
    assert (staff_import.status, staff_import.invited) == (JobStatus.DONE, 1)
    assert Invitation.objects.count() == 1


def test_week_old_import_is_deleted_with_its_stored_upload(
    queue, manager_client, organisation, django_capture_on_commit_callbacks
):
    _post(
        manager_client, organisation, "p.csv", CSV, django_capture_on_commit_callbacks
    )
    staff_import = StaffImport.objects.get()
    assert _stored(staff_import)
    exports_delete_expired(now=timezone.now() + datetime.timedelta(days=8))
    assert not StaffImport.objects.exists()
    assert not default_storage.exists(staff_import.upload.name)


def test_workbook_bomb_is_refused_in_the_request_and_nothing_is_stored(
    manager_client, organisation, django_capture_on_commit_callbacks
):
    from tests.bombs import xlsx_bomb

    before = _files()
    response = _post(
        manager_client,
        organisation,
        "p.xlsx",
        xlsx_bomb([["e-mailadres", "voornaam", "achternaam"]]),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200  # the form again, with the message
    assert "Het bestand is te groot." in response.content.decode()
    assert not StaffImport.objects.exists()
    assert _files() == before
