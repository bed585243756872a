"""Managers see per person and signal whether it was read (with the date), is
still open, or overdue after the deadline, in the dashboard and its exports;
only their own current members, and only signals that reached a member through
a course the organisation requires of them or through their profession."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from organisations.models import RequirementAudience
from signalling.services import signal_acknowledge, signal_deliver
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.signalling import signal_create
from tests.factories.users import UserFactory
from training.models import Profession

pytestmark = pytest.mark.django_db


def _member(organisation, course, **user_fields):
    membership = MembershipFactory(
        organisation=organisation, user=UserFactory(**user_fields)
    )
    CertificateFactory(user=membership.user, course=course)
    return membership.user


@pytest.fixture
def staff(organisation, course_tree, manager):
    requirement_create(organisation, course_tree.course)
    read = _member(organisation, course_tree.course, last_name="Bakker")
    unread = _member(organisation, course_tree.course, last_name="Visser")
    signal = signal_create(courses=[course_tree.course], title="3-MMC staat op lijst I")
    signal_deliver(signal_id=signal.pk)
    signal_acknowledge(signal=signal, user=read)
    return signal, read, unread


def _csv_rows(client, organisation) -> list[list[str]]:
    response = client.get(reverse("organisations:export_csv", args=[organisation.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_dashboard_shows_read_and_open_per_person_when_a_signal_reached_them(
    manager_client, organisation, staff
):
    signal, read, unread = staff
    html = manager_client.get(
        reverse("organisations:dashboard", args=[organisation.pk])
    ).content.decode()
    assert "Signalering: 3-MMC staat op lijst I" in html
    totals = html[html.index('id="signals-heading"') :]
    assert "<td>1</td>" in totals[: totals.index("</table>")]
    rows = {
        name: html[html.index(name) : html.index("</tr>", html.index(name))]
        for name in (read.full_name, unread.full_name)
    }
    assert "gelezen" in rows[read.full_name]
    assert "nog niet gelezen" in rows[unread.full_name]


def test_an_open_signal_is_overdue_the_day_after_its_deadline(
    manager_client, organisation, staff, manager
):
    signal, read, unread = staff
    after = signal.acknowledge_by + datetime.timedelta(days=1)
    with time_machine.travel(after, tick=False):
        manager_client.force_login(manager)  # the first session has expired
        html = manager_client.get(
            reverse("organisations:dashboard", args=[organisation.pk])
        ).content.decode()
        rows = _csv_rows(manager_client, organisation)
    row = html[html.index(unread.full_name) :]
    assert "te laat" in row[: row.index("</tr>")]
    signal_rows = {
        r[2]: r for r in rows if r[5] == "Signalering: 3-MMC staat op lijst I"
    }
    assert signal_rows[unread.email][6:] == [
        "te laat",
        signal.acknowledge_by.isoformat(),
    ]
    assert signal_rows[read.email][6] == "gelezen"
    assert signal_rows[read.email][7] == timezone.localdate().isoformat()


def test_csv_export_has_a_row_per_person_and_signal_when_downloaded(
    manager_client, organisation, staff, manager
):
    signal, read, unread = staff
    rows = _csv_rows(manager_client, organisation)
    signal_rows = [r for r in rows if r[5].startswith("Signalering:")]
    assert sorted(r[2] for r in signal_rows) == sorted([read.email, unread.email])
    assert {r[2]: r[6] for r in signal_rows} == {
        read.email: "gelezen",
        unread.email: "nog niet gelezen",
    }


def test_xlsx_export_has_the_signal_rows_when_written(
    manager_client, organisation, staff, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    from organisations.models import ComplianceExport

    signal, read, unread = staff
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("organisations:export_xlsx", args=[organisation.pk])
        )
    export = ComplianceExport.objects.get(organisation=organisation)
    with export.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
        rows = list(sheet.iter_rows(values_only=True))
    signal_rows = {
        row[2]: row[6] for row in rows if str(row[5]).startswith("Signalering:")
    }
    assert signal_rows == {read.email: "gelezen", unread.email: "nog niet gelezen"}


def test_other_organisations_members_never_appear_when_reached_too(
    manager_client, organisation, other_organisation, course_tree, staff
):
    requirement_create(other_organisation, course_tree.course)
    stranger = _member(other_organisation, course_tree.course, last_name="Vreemd")
    signal, _read, _unread = staff
    signal_deliver(signal_id=signal.pk)
    html = manager_client.get(
        reverse("organisations:dashboard", args=[organisation.pk])
    ).content.decode()
    assert stranger.email not in html
    assert stranger.email not in str(_csv_rows(manager_client, organisation))


def test_a_signal_about_a_course_the_organisation_does_not_require_stays_hidden(
    manager_client, organisation, course_tree, home_page, staff
):
    private = course_tree_create(home_page, slug="prive", title="Privécursus").course
    _signal, read, _unread = staff
    CertificateFactory(user=read, course=private)
    hidden = signal_create(courses=[private], title="Alleen voor de privécursus")
    signal_deliver(signal_id=hidden.pk)
    html = manager_client.get(
        reverse("organisations:dashboard", args=[organisation.pk])
    ).content.decode()
    assert "Alleen voor de privécursus" not in html
    assert "Alleen voor de privécursus" not in str(
        _csv_rows(manager_client, organisation)
    )


def test_a_requirement_for_another_team_hides_the_signal_for_this_member(
    manager_client, organisation, home_page
):
    from tests.factories.organisations import TeamFactory

    course = course_tree_create(home_page, slug="team", title="Teamcursus").course
    team = TeamFactory(organisation=organisation, name="Artsen")
    requirement_create(
        organisation, course, audience=RequirementAudience.TEAM, team=team
    )
    outside = _member(organisation, course, last_name="Buiten")
    inside = MembershipFactory(
        organisation=organisation, team=team, user=UserFactory(last_name="Binnen")
    ).user
    CertificateFactory(user=inside, course=course)
    signal = signal_create(courses=[course], title="Teamsignaal")
    signal_deliver(signal_id=signal.pk)
    rows = _csv_rows(manager_client, organisation)
    emails = {r[2] for r in rows if r[5] == "Signalering: Teamsignaal"}
    assert emails == {inside.email}
    assert outside.email not in emails


def test_a_signal_for_a_profession_shows_for_members_with_it(
    manager_client, organisation, manager
):
    officer = MembershipFactory(
        organisation=organisation,
        user=UserFactory(profession=Profession.POLITIE, last_name="Agent"),
    ).user
    signal = signal_create(professions=[Profession.POLITIE], title="Voor de politie")
    signal_deliver(signal_id=signal.pk)
    rows = _csv_rows(manager_client, organisation)
    assert {r[2] for r in rows if r[5] == "Signalering: Voor de politie"} == {
        officer.email
    }


def test_dashboard_query_count_stays_the_same_when_more_people_read_signals(
    manager_client, organisation, course_tree, staff, django_assert_max_num_queries
):
    url = reverse("organisations:dashboard", args=[organisation.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        manager_client.get(url)
    signal, _read, _unread = staff
    for number in range(5):
        user = _member(organisation, course_tree.course, last_name=f"Extra{number}")
        signal_deliver(signal_id=signal.pk)
        signal_acknowledge(signal=signal, user=user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        manager_client.get(url)


def test_a_signal_reached_through_records_from_before_joining_shows_only_with_consent(
    manager_client, organisation, course_tree
):
    from organisations.models import CertificateConsent
    from tests.factories.certificates import issued_days_ago

    requirement_create(organisation, course_tree.course)
    newcomer = MembershipFactory(
        organisation=organisation, user=UserFactory(last_name="Nieuw")
    ).user
    CertificateFactory(
        user=newcomer, course=course_tree.course, issued_at=issued_days_ago(200)
    )
    signal = signal_create(courses=[course_tree.course], title="Eerder verdiend")
    signal_deliver(signal_id=signal.pk)

    def shown() -> set[str]:
        rows = _csv_rows(manager_client, organisation)
        return {r[2] for r in rows if r[5] == "Signalering: Eerder verdiend"}

    assert shown() == set()
    assert (
        "Eerder verdiend"
        not in manager_client.get(
            reverse("organisations:dashboard", args=[organisation.pk])
        ).content.decode()
    )
    CertificateConsent.objects.create(
        organisation=organisation,
        user=newcomer,
        granted=True,
        decided_at=timezone.now(),
    )
    assert shown() == {newcomer.email}


def test_person_page_lists_the_signals_of_a_current_member_only(
    manager_client, organisation, staff
):
    from organisations.models import Membership

    signal, read, unread = staff
    membership = Membership.objects.get(organisation=organisation, user=read)
    url = reverse("organisations:person", args=[organisation.pk, membership.pk])
    html = manager_client.get(url).content.decode()
    section = html[html.index('id="signals-heading"') :]
    assert "3-MMC staat op lijst I" in section
    assert "gelezen" in section[: section.index("</table>")]
    Membership.objects.filter(pk=membership.pk).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert 'id="signals-heading"' not in manager_client.get(url).content.decode()
