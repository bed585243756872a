"""The compliance dashboard: one status per person and required course, totals,
filters, sorting, pagination, consent, and a query count that does not grow with
the number of people."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from organisations.compliance import CellStatus
from organisations.models import CertificateConsent, RequirementAudience
from organisations.selectors.dashboard import Filters, dashboard_get
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import (
    MembershipFactory,
    TeamFactory,
    requirement_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def member(organisation, *, joined=-10, **user_fields):
    return MembershipFactory(
        organisation=organisation,
        start_date=days(joined),
        user=UserFactory(**user_fields),
    )


def certificate(user, course, *, valid_until, issued_on=None):
    issued_on = issued_on or TODAY() - datetime.timedelta(days=5)
    return CertificateFactory(
        user=user,
        course=course,
        issued_on=issued_on,
        valid_until=valid_until,
    )


def board(organisation, **filters):
    return dashboard_get(
        organisation=organisation,
        filters=Filters(**filters),
        page_number=1,
        today=TODAY(),
    )


def statuses(result):
    return {
        person.email: [cell.status if cell else None for cell in person.cells]
        for person in result.page.object_list
    }


@pytest.fixture
def every_status(organisation, course_tree):
    """Seven members, one in each status for the required course."""
    course = course_tree.course
    requirement_create(organisation, course, due_within_days=30)
    people = {
        "geldig": member(organisation, email="geldig@example.org"),
        "binnenkort": member(organisation, email="binnenkort@example.org"),
        "verlopen": member(organisation, email="verlopen@example.org"),
        "telaat": member(organisation, joined=-40, email="telaat@example.org"),
        "niet": member(organisation, email="niet@example.org"),
        "bezig": member(organisation, email="bezig@example.org"),
        "nietgedeeld": member(organisation, email="nietgedeeld@example.org"),
    }
    certificate(people["geldig"].user, course, valid_until=days(400))
    certificate(
        people["nietgedeeld"].user,
        course,
        valid_until=days(400),
        issued_on=days(-100),
    )
    certificate(people["binnenkort"].user, course, valid_until=days(20))
    certificate(people["verlopen"].user, course, valid_until=days(-1))
    Enrolment.objects.create(
        user=people["bezig"].user, course=course, last_activity_at=timezone.now()
    )
    return people


def test_each_cell_has_its_status_and_date_when_members_differ(
    organisation, every_status
):
    result = board(organisation)
    found = statuses(result)
    assert found["geldig@example.org"] == [CellStatus.GELDIG]
    assert found["binnenkort@example.org"] == [CellStatus.VERLOOPT_BINNENKORT]
    assert found["verlopen@example.org"] == [CellStatus.VERLOPEN]
    assert found["telaat@example.org"] == [CellStatus.TE_LAAT]
    assert found["niet@example.org"] == [CellStatus.NIET_BEGONNEN]
    assert found["bezig@example.org"] == [CellStatus.BEZIG]
    assert found["nietgedeeld@example.org"] == [CellStatus.NIET_GEDEELD]
    late = next(p for p in result.page.object_list if p.email.startswith("telaat"))
    assert late.cells[0].date == days(-10)
    total = result.totals[0]
    assert total.required == 7
    assert all(total.get(status) == 1 for status in CellStatus)


def test_status_filter_keeps_matching_people_when_set(organisation, every_status):
    result = board(organisation, status=CellStatus.TE_LAAT)
    assert [p.email for p in result.page.object_list] == ["telaat@example.org"]
    assert result.people_count == 1


def test_team_filter_includes_subteams_when_filtering_a_parent(
    organisation, course_tree
):
    requirement_create(organisation, course_tree.course)
    parent = TeamFactory(organisation=organisation, name="Zorg")
    child = TeamFactory(organisation=organisation, name="Wijkzorg", parent=parent)
    in_parent = member(organisation, email="a@example.org")
    in_parent.team = parent
    in_parent.save()
    in_child = member(organisation, email="b@example.org")
    in_child.team = child
    in_child.save()
    member(organisation, email="c@example.org")
    emails = {p.email for p in board(organisation, team=parent.pk).page.object_list}
    assert emails == {"a@example.org", "b@example.org"}
    emails = {p.email for p in board(organisation, team=child.pk).page.object_list}
    assert emails == {"b@example.org"}


def test_requirement_for_a_profession_applies_only_to_it_when_set(
    organisation, course_tree
):
    requirement_create(
        organisation,
        course_tree.course,
        audience=RequirementAudience.PROFESSION,
        profession="politie",
    )
    member(organisation, email="agent@example.org", profession="politie")
    member(organisation, email="arts@example.org", profession="huisarts")
    found = statuses(board(organisation))
    assert found["agent@example.org"] == [CellStatus.NIET_BEGONNEN]
    assert found["arts@example.org"] == [None]
    assert board(organisation, profession="politie").people_count == 1


def test_earlier_certificate_shows_only_with_consent_when_earned_before_joining(
    organisation, course_tree
):
    requirement_create(organisation, course_tree.course)
    person = member(organisation, joined=-10, email="nieuw@example.org")
    certificate(
        person.user,
        course_tree.course,
        valid_until=days(300),
        issued_on=days(-100),
    )
    assert statuses(board(organisation))["nieuw@example.org"] == [
        CellStatus.NIET_GEDEELD
    ]
    consent = CertificateConsent.objects.create(
        user=person.user,
        organisation=organisation,
        granted=True,
        decided_at=timezone.now(),
    )
    assert statuses(board(organisation))["nieuw@example.org"] == [CellStatus.GELDIG]
    consent.revoked_at = timezone.now()
    consent.save()
    assert statuses(board(organisation))["nieuw@example.org"] == [
        CellStatus.NIET_GEDEELD
    ]


def test_unshared_certificate_counts_only_when_valid_and_current(
    organisation, course_tree
):
    requirement_create(organisation, course_tree.course)
    expired = member(organisation, email="oud@example.org")
    certificate(
        expired.user, course_tree.course, valid_until=days(-1), issued_on=days(-700)
    )
    revoked = member(organisation, email="ingetrokken@example.org")
    cert = certificate(
        revoked.user, course_tree.course, valid_until=days(300), issued_on=days(-60)
    )
    cert.revoked_at = timezone.now()
    cert.save(update_fields=["revoked_at"])
    found = statuses(board(organisation))
    assert found["oud@example.org"] == [CellStatus.NIET_BEGONNEN]
    assert found["ingetrokken@example.org"] == [CellStatus.NIET_BEGONNEN]


def test_unshared_status_shows_on_the_page_with_the_due_date_only_when_hidden(
    organisation, manager_client, course_tree
):
    requirement_create(organisation, course_tree.course, due_within_days=30)
    person = member(organisation, joined=-10, email="nieuw@example.org")
    certificate(
        person.user,
        course_tree.course,
        valid_until=datetime.date(2031, 7, 9),
        issued_on=days(-100),
    )
    url = reverse("organisations:dashboard", args=[organisation.pk])
    html = manager_client.get(url).content.decode()
    assert ">certificaat aanwezig, nog niet gedeeld</span>" in html
    due = days(20)
    assert f"uiterlijk {due.day}-{due.month}-{due.year}" in html
    assert "9-7-2031" not in html
    filtered = manager_client.get(url, {"status": "niet_gedeeld"}).content.decode()
    assert "nieuw@example.org" in filtered
    person_page = manager_client.get(
        reverse("organisations:person", args=[organisation.pk, person.pk])
    ).content.decode()
    assert "certificaat aanwezig, nog niet gedeeld" in person_page
    assert "2031" not in person_page


def test_revoked_certificate_does_not_count_when_revoked(organisation, course_tree):
    requirement_create(organisation, course_tree.course)
    person = member(organisation, email="x@example.org")
    cert = certificate(person.user, course_tree.course, valid_until=days(300))
    cert.revoked_at = timezone.now()
    cert.save(update_fields=["revoked_at"])
    assert statuses(board(organisation))["x@example.org"] == [CellStatus.NIET_BEGONNEN]


def test_ended_and_other_organisations_members_are_absent_when_listing(
    organisation, other_organisation, course_tree
):
    requirement_create(organisation, course_tree.course)
    member(organisation, email="blijft@example.org")
    gone = member(organisation, joined=-100, email="weg@example.org")
    gone.end_date = days(-1)
    gone.save()
    member(other_organisation, email="elders@example.org")
    assert set(statuses(board(organisation))) == {"blijft@example.org"}


def test_sorting_by_a_course_puts_overdue_first_when_chosen(
    organisation, every_status, course_tree
):
    result = board(organisation, sort=f"c{course_tree.course.pk}")
    emails = [p.email for p in result.page.object_list]
    assert emails[0] == "telaat@example.org"
    assert emails[-1] == "geldig@example.org"
    reverse_sorted = board(organisation, sort=f"-c{course_tree.course.pk}")
    assert reverse_sorted.page.object_list[0].email == "geldig@example.org"


def test_unknown_sort_falls_back_to_name_when_given(organisation, every_status):
    result = board(organisation, sort="c999999")
    names = [
        (p.last_name.lower(), p.first_name.lower()) for p in result.page.object_list
    ]
    assert names == sorted(names)


def test_pages_hold_fifty_people_when_there_are_more(organisation, course_tree):
    requirement_create(organisation, course_tree.course)
    for n in range(55):
        member(organisation, email=f"p{n:02d}@example.org", last_name=f"L{n:02d}")
    first = dashboard_get(
        organisation=organisation, filters=Filters(), page_number=1, today=TODAY()
    )
    second = dashboard_get(
        organisation=organisation, filters=Filters(), page_number=2, today=TODAY()
    )
    assert len(first.page.object_list) == 50
    assert len(second.page.object_list) == 5
    assert first.totals[0].required == 55


def _grow(organisation, courses, count, start):
    for n in range(start, start + count):
        person = member(organisation, email=f"q{n}@example.org")
        certificate(person.user, courses[n % 2], valid_until=days(100 + n))
        Enrolment.objects.create(
            user=person.user,
            course=courses[(n + 1) % 2],
            last_activity_at=timezone.now(),
        )


def test_query_count_stays_the_same_when_more_people_are_shown(
    organisation, manager_client, home_page, django_assert_num_queries, settings
):
    # the database's path (with Redis the grid is cached: see
    # test_dashboard_grid_cache.py)
    settings.LEARNER_FRAGMENT_CACHE = False
    courses = [
        course_tree_create(home_page, slug="a", title="A").course,
        course_tree_create(home_page, slug="b", title="B").course,
    ]
    for course in courses:
        requirement_create(organisation, course)
    url = reverse("organisations:dashboard", args=[organisation.pk])
    _grow(organisation, courses, 3, 0)
    manager_client.get(url)  # warm caches (site root, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert manager_client.get(url).status_code == 200
    _grow(organisation, courses, 40, 3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = manager_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('name="leden"') == 44  # + the manager


def test_page_shows_status_labels_and_dates_when_rendered(
    organisation, manager_client, every_status
):
    response = manager_client.get(
        reverse("organisations:dashboard", args=[organisation.pk])
    )
    html = response.content.decode()
    for label in ("geldig", "verloopt binnenkort", "verlopen", "te laat", "bezig"):
        assert f">{label}</span>" in html
    assert "niet begonnen" in html
    assert "<caption" in html
    assert 'scope="row"' in html


def test_filters_from_the_query_string_apply_when_given(
    organisation, manager_client, every_status
):
    url = reverse("organisations:dashboard", args=[organisation.pk])
    html = manager_client.get(url, {"status": "te_laat"}).content.decode()
    assert "telaat@example.org" in html
    assert "geldig@example.org" not in html
    html = manager_client.get(url, {"zoek": "bezig@"}).content.decode()
    assert "bezig@example.org" in html
    assert "niet@example.org" not in html
    bad = manager_client.get(url, {"status": "onzin", "team": "x", "pagina": "zz"})
    assert bad.status_code == 200


def test_certificate_shows_only_where_earned_as_member_when_in_two_organisations(
    organisation, other_organisation, course_tree
):
    requirement_create(organisation, course_tree.course)
    requirement_create(other_organisation, course_tree.course)
    person = UserFactory(email="twee@example.org")
    MembershipFactory(organisation=organisation, user=person, start_date=days(-5))
    MembershipFactory(
        organisation=other_organisation, user=person, start_date=days(-50)
    )
    certificate(person, course_tree.course, valid_until=days(300), issued_on=days(-20))
    assert statuses(board(other_organisation))["twee@example.org"] == [
        CellStatus.GELDIG
    ]
    assert statuses(board(organisation))["twee@example.org"] == [
        CellStatus.NIET_GEDEELD
    ]
