"""The privacy log: append only (no update, no delete, also not in bulk), pruned
after PRIVACY_LOG_RETENTION_DAYS by a command (erasures kept), shown to the
person on "Mijn gegevens" and in their download, and to administrators in a
read-only admin listing."""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.factories.users import UserFactory
from training.models import (
    AppendOnlyError,
    PrivacyAction,
    PrivacyLogEntry,
    PrivacySource,
)
from training.privacy_log import privacy_log_add, privacy_log_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return UserFactory(first_name="Petra", last_name="Jansen")


@pytest.fixture
def entry(user, manager):
    return privacy_log_add(
        actor=manager,
        subject=user,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.PERSON_PAGE,
        context="Huisartsenpraktijk De Linde",
    )


def test_entry_refuses_update_when_saved_again(entry):
    entry.context = "iets anders"

    with pytest.raises(AppendOnlyError):
        entry.save()

    entry.refresh_from_db()
    assert entry.context == "Huisartsenpraktijk De Linde"


def test_queryset_refuses_update_delete_and_bulk_update(entry):
    entries = PrivacyLogEntry.objects.all()

    with pytest.raises(AppendOnlyError):
        entries.update(context="weg")
    with pytest.raises(AppendOnlyError):
        entries.delete()
    with pytest.raises(AppendOnlyError):
        PrivacyLogEntry.objects.bulk_update([entry], ["context"])
    with pytest.raises(AppendOnlyError):
        entry.delete()

    assert PrivacyLogEntry.objects.get().context == "Huisartsenpraktijk De Linde"


def test_prune_removes_views_past_retention_and_keeps_erasures(settings, user, manager):
    settings.PRIVACY_LOG_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        privacy_log_many(
            actor=manager,
            subject_ids=[user.pk],
            action=PrivacyAction.VIEWED,
            source=PrivacySource.PERSON_PAGE,
        )
        privacy_log_add(
            actor=manager,
            subject=user,
            action=PrivacyAction.ERASED,
            source=PrivacySource.ACCOUNT,
        )
    with time_machine.travel(timezone.now() - datetime.timedelta(days=29)):
        privacy_log_add(
            actor=manager,
            subject=user,
            action=PrivacyAction.EXPORTED,
            source=PrivacySource.CERTIFICATES_ZIP,
        )

    out = io.StringIO()
    call_command("prune_privacy_log", stdout=out)
    call_command("prune_privacy_log", stdout=io.StringIO())

    assert "1 entries older than 30 days removed" in out.getvalue()
    assert sorted(PrivacyLogEntry.objects.values_list("action", flat=True)) == [
        PrivacyAction.ERASED,
        PrivacyAction.EXPORTED,
    ]


def test_person_sees_who_viewed_their_data_on_mijn_gegevens(client, user, entry):
    client.force_login(user)

    html = client.get(reverse("personal_data")).content.decode()

    assert "Petra Jansen" in html
    assert "Persoonspagina voor leidinggevenden" in html
    assert "Huisartsenpraktijk De Linde" in html


def test_person_does_not_see_entries_about_someone_else(client, user, manager):
    other = UserFactory()
    privacy_log_add(
        actor=manager,
        subject=other,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.PERSON_PAGE,
        context="Politie-eenheid Oost",
    )
    client.force_login(user)

    html = client.get(reverse("personal_data")).content.decode()

    assert "Politie-eenheid Oost" not in html
    assert "Nog niemand anders heeft je gegevens bekeken." in html


def test_download_holds_the_log_and_is_itself_logged(client, user, entry):
    client.force_login(user)

    response = client.get(reverse("personal_data"), {"download": "json"})

    data = json.loads(response.content)["gegevens"]["inzage_door_anderen"]
    assert data == [
        {
            "tijdstip": entry.created_at.isoformat(),
            "door": "Petra Jansen",
            "handeling": "Bekeken",
            "waar": "Persoonspagina voor leidinggevenden",
            "context": "Huisartsenpraktijk De Linde",
        }
    ]
    own = PrivacyLogEntry.objects.get(source=PrivacySource.OWN_DATA)
    assert (own.actor, own.subject, own.action) == (user, user, PrivacyAction.EXPORTED)


def test_administrator_reads_the_log_in_the_admin_without_edit_or_delete(client, entry):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("privacy_log:index"))

    assert response.status_code == 200
    assert "Huisartsenpraktijk De Linde" in response.content.decode()
    for name in ("privacy_log:edit", "privacy_log:delete", "privacy_log:add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[entry.pk] if name != "privacy_log:add" else [])


def test_admin_log_is_refused_without_the_view_permission(client, entry):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)

    response = client.get(reverse("privacy_log:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
