"""Issue 19 W7 for the XLSX export: written by a task with a status page that
refreshes itself (people done of total), downloaded only by the organisation's
managers until it expires, then deleted by `delete_expired_exports`."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organisations.exports import export_rows
from organisations.models import ComplianceExport, JobStatus
from organisations.selectors import dashboard
from organisations.selectors.dashboard import Filters
from tests.factories.organisations import (
    MembershipFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organisation, course_tree):
    requirement_create(organisation, course_tree.course)
    return [
        MembershipFactory(organisation=organisation, user=UserFactory(last_name=n))
        for n in ("Aal", "Beek", "Cox", "Dijk", "Eik")
    ]


def _ask(client, organisation, capture, *, run: bool, query: str = ""):
    url = reverse("organisations:export_xlsx", args=[organisation.pk])
    with capture(execute=run):
        response = client.post(f"{url}{query}")
    assert response.status_code == 302
    return ComplianceExport.objects.get(organisation=organisation), response.url


def test_status_page_refreshes_and_nothing_downloads_when_the_export_is_pending(
    manager_client, organisation, staff, manager, django_capture_on_commit_callbacks
):
    export, url = _ask(
        manager_client, organisation, django_capture_on_commit_callbacks, run=False
    )
    assert (export.status, export.total) == (JobStatus.QUEUED, 6)  # with manager
    html = manager_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "In de wachtrij" in html
    ComplianceExport.objects.filter(pk=export.pk).update(
        status=JobStatus.RUNNING, done=3
    )
    html = manager_client.get(url).content.decode()
    assert "Bezig: 3 van 6 rijen verwerkt." in html
    download = reverse(
        "organisations:export_download", args=[organisation.pk, export.pk]
    )
    assert manager_client.get(download).status_code == 404


def test_export_is_refused_when_another_organisation_or_a_learner_asks(
    client,
    organisation,
    other_organisation,
    staff,
    manager_client,
    django_capture_on_commit_callbacks,
):
    export, url = _ask(
        manager_client, organisation, django_capture_on_commit_callbacks, run=True
    )
    assert export_status(export) == JobStatus.DONE
    ask = reverse("organisations:export_xlsx", args=[organisation.pk])
    assert manager_client.get(ask).status_code == 405  # a GET never starts work
    download = reverse(
        "organisations:export_download", args=[organisation.pk, export.pk]
    )
    for stranger in (manager_create(other_organisation), staff[0].user):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.get(download).status_code == 404
        other = reverse(
            "organisations:export_download", args=[other_organisation.pk, export.pk]
        )
        assert client.get(other).status_code == 404
        assert client.post(ask).status_code == 404
    assert ComplianceExport.objects.count() == 1


def export_status(export):
    export.refresh_from_db()
    return export.status


def test_expired_export_is_deleted_and_no_longer_downloads_when_cleaned_up(
    manager_client, organisation, staff, django_capture_on_commit_callbacks
):
    export, url = _ask(
        manager_client,
        organisation,
        django_capture_on_commit_callbacks,
        run=True,
        query="?status=niet_begonnen",
    )
    export.refresh_from_db()
    assert export.filters["status"] == "niet_begonnen"
    stored = export.file.storage
    name = export.file.name
    assert stored.exists(name)
    assert export.expires_at == export.finished_at + datetime.timedelta(hours=24)
    ComplianceExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    download = reverse(
        "organisations:export_download", args=[organisation.pk, export.pk]
    )
    assert manager_client.get(download).status_code == 404
    assert "verlopen" in manager_client.get(url).content.decode()
    call_command("delete_expired_exports")
    call_command("delete_expired_exports")
    assert not stored.exists(name)
    export.refresh_from_db()
    assert not export.file


def test_export_reports_progress_per_chunk_when_people_are_many(
    organisation, staff, monkeypatch
):
    monkeypatch.setattr(dashboard, "EXPORT_CHUNK", 2)
    monkeypatch.setattr("organisations.exports.EXPORT_CHUNK", 2)
    seen = []
    rows = list(
        export_rows(
            organisation=organisation,
            filters=Filters(),
            today=timezone.localdate(),
            on_chunk=seen.append,
        )
    )
    assert len(rows) == 6
    assert seen == [2, 4]
