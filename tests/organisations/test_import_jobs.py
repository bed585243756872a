"""Issue 19 W2 and W7 for the staff import: confirming applies an import once
(a double click, or two requests at the same instant on their own connections,
make one set of invitations), the work runs as a task in chunks with a status
page that refreshes itself, and a stopped import continues where it stopped."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from organisations.models import Invitation, JobStatus, StaffImport
from organisations.services import staff_import as service
from organisations.services.staff_import import (
    staff_import_confirm,
    staff_import_prepare,
    staff_import_preview,
    staff_import_run,
)
from tests.factories.organisations import manager_create
from training.models import OutboundEmail

HEADER = "e-mailadres;voornaam;achternaam"


def _csv(count: int) -> bytes:
    lines = [HEADER] + [f"Mens{n}@Example.org;Mens;Nummer {n}" for n in range(count)]
    return "\n".join(lines).encode()


def _prepared(organisation, manager, count: int) -> StaffImport:
    preview = staff_import_preview(
        organisation=organisation, filename="lijst.csv", data=_csv(count)
    )
    assert preview.checked.ok
    return staff_import_prepare(
        organisation=organisation, actor=manager, preview=preview
    )


@pytest.mark.django_db
def test_second_confirm_starts_nothing_when_double_clicked(
    manager_client, organisation, manager, django_capture_on_commit_callbacks
):
    staff_import = _prepared(organisation, manager, 5)
    url = reverse("organisations:import", args=[organisation.pk])
    form = {"stap": "bevestigen", "token": staff_import.token}
    with django_capture_on_commit_callbacks(execute=True) as first:
        one = manager_client.post(url, form)
    with django_capture_on_commit_callbacks(execute=True) as second:
        two = manager_client.post(url, form)
    assert first
    assert second == []  # nothing enqueued the second time
    assert one.url == two.url
    assert Invitation.objects.count() == 5
    assert OutboundEmail.objects.filter(kind="invitation").count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_instant_make_one_set_of_invitations(
    organisation, manager
):
    # SQLite lets one writer at a time wait 5 s at most; one chunk keeps the
    # waiting request within that on a busy machine.
    rows = 200 if connection.vendor == "postgresql" else 60
    staff_import = _prepared(organisation, manager, rows)
    url = reverse("organisations:import", args=[organisation.pk])
    form = {"stap": "bevestigen", "token": staff_import.token}
    start = threading.Barrier(2)
    answers, errors = [], []

    def confirm():
        client = Client()
        client.force_login(manager)
        try:
            start.wait()
            answers.append(client.post(url, form).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert answers == [302, 302]
    staff_import.refresh_from_db()
    assert (staff_import.status, staff_import.done) == (JobStatus.DONE, rows)
    assert staff_import.invited == rows
    addresses = list(Invitation.objects.values_list("email", flat=True))
    assert len(addresses) == len(set(addresses)) == rows
    assert OutboundEmail.objects.filter(kind="invitation").count() == rows


@pytest.mark.django_db
def test_status_page_refreshes_itself_and_shows_rows_done_when_pending(
    manager_client, organisation, manager, django_capture_on_commit_callbacks
):
    staff_import = _prepared(organisation, manager, 3)
    with django_capture_on_commit_callbacks(execute=False):  # the worker is busy
        staff_import_confirm(
            organisation=organisation, token=staff_import.token, actor=manager
        )
    url = reverse(
        "organisations:import_status", args=[organisation.pk, staff_import.pk]
    )
    html = manager_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "In de wachtrij" in html
    StaffImport.objects.filter(pk=staff_import.pk).update(
        status=JobStatus.RUNNING, done=1
    )
    html = manager_client.get(url).content.decode()
    assert "Bezig: 1 van 3 rijen verwerkt." in html
    assert '<progress class="bb-progress" max="3" value="1"' in html
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_status_page_is_not_found_when_another_organisation_asks(
    client, organisation, other_organisation, manager
):
    staff_import = _prepared(organisation, manager, 1)
    StaffImport.objects.filter(pk=staff_import.pk).update(status=JobStatus.DONE)
    client.force_login(manager_create(other_organisation))
    for org in (organisation, other_organisation):
        url = reverse("organisations:import_status", args=[org.pk, staff_import.pk])
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_import_continues_where_it_stopped_when_a_worker_died(
    organisation, manager, monkeypatch
):
    monkeypatch.setattr(service, "CHUNK", 2)
    staff_import = _prepared(organisation, manager, 5)
    StaffImport.objects.filter(pk=staff_import.pk).update(status=JobStatus.QUEUED)
    service._start(staff_import.pk)
    assert service._apply_chunk(import_id=staff_import.pk)  # then the worker died
    assert Invitation.objects.count() == 2
    finished = staff_import_run(import_id=staff_import.pk)  # the task again
    assert (finished.status, finished.done, finished.invited) == ("done", 5, 5)
    assert Invitation.objects.count() == 5
    assert staff_import_run(import_id=staff_import.pk).invited == 5
    assert Invitation.objects.count() == 5


@pytest.mark.django_db
def test_import_fails_with_a_message_and_invites_nobody_when_a_team_is_gone(
    manager_client, organisation, manager
):
    from tests.factories.organisations import TeamFactory

    team = TeamFactory(organisation=organisation, name="Wijkteam")
    preview = staff_import_preview(
        organisation=organisation,
        filename="lijst.csv",
        data=f"{HEADER};team\na@example.org;A;B;Wijkteam\n".encode(),
    )
    staff_import = staff_import_prepare(
        organisation=organisation, actor=manager, preview=preview
    )
    team.delete()
    StaffImport.objects.filter(pk=staff_import.pk).update(status=JobStatus.QUEUED)
    staff_import_run(import_id=staff_import.pk)
    staff_import.refresh_from_db()
    assert staff_import.status == JobStatus.FAILED
    assert "het team bestaat niet meer" in staff_import.error
    assert not Invitation.objects.exists()
    url = reverse(
        "organisations:import_status", args=[organisation.pk, staff_import.pk]
    )
    assert "het team bestaat niet meer" in manager_client.get(url).content.decode()
