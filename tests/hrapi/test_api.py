"""The HR API's behaviour: compliance as the dashboard says it, certificates and
enrolments, cursor pages and updated_since, idempotent membership writes, the
rate limit and the call log. Every response is checked against the schema."""

from __future__ import annotations

import datetime

import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from courses.services import enrolment_create
from hrapi.models import ApiCall, EmployeeLink
from organisations.models import AuditLog, Invitation, Membership
from organisations.selectors.dashboard import Filters, dashboard_get
from tests.factories.organisations import MembershipFactory


def test_compliance_is_the_dashboards_status_per_person(world, call):
    response = call("GET", "/api/v1/people", key=world.keys[("own", "read")])

    board = dashboard_get(
        organisation=world.organisation,
        filters=Filters(),
        page_number=1,
        today=timezone.localdate(),
    )
    expected = {
        person.membership_id: [
            (column.course_id, cell.status.value, cell.date.isoformat())
            for column, cell in zip(board.columns, person.cells, strict=True)
            if cell is not None
        ]
        for person in board.page.object_list
    }
    got = {
        item["id"]: [
            (c["course_id"], c["status"], c["date"]) for c in item["compliance"]
        ]
        for item in response.json()["items"]
    }
    assert got == expected
    statuses = {c[1] for rows in got.values() for c in rows}
    assert statuses == {"geldig", "niet_begonnen"}  # the holder and the admin


def test_certificate_has_status_valid_until_and_verification_code(world, call):
    response = call("GET", "/api/v1/certificates", key=world.keys[("own", "read")])

    (item,) = response.json()["items"]
    assert item["person_id"] == world.member.pk
    assert item["status"] == "valid"
    assert item["valid_until"] == world.certificate.valid_until.isoformat()
    assert item["verification_code"] == world.certificate.code_display


def test_enrolments_of_required_courses_are_listed_when_made_as_a_member(
    world, call, course_tree
):
    enrolment_create(user=world.member.user, course=course_tree.course)

    response = call("GET", "/api/v1/enrolments", key=world.keys[("own", "read")])

    (item,) = response.json()["items"]
    assert item["person_id"] == world.member.pk
    assert item["course_id"] == course_tree.course.pk


def test_pages_follow_the_cursor_until_every_person_was_seen_once(world, call):
    for _ in range(4):
        MembershipFactory(organisation=world.organisation)
    key = world.keys[("own", "read")]
    seen, url = [], "/api/v1/people?limit=2"
    while url:
        data = call("GET", url, key=key).json()
        seen += [item["id"] for item in data["items"]]
        assert len(data["items"]) <= 2
        url = (
            data["next_cursor"]
            and f"/api/v1/people?limit=2&cursor={data['next_cursor']}"
        )

    members = Membership.objects.filter(organisation=world.organisation)
    assert sorted(seen) == sorted(members.values_list("pk", flat=True))
    assert len(seen) == 6


def test_updated_since_returns_only_what_changed_after_it(world, call):
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later + datetime.timedelta(minutes=5), tick=False):
        world.member.role = "manager"
        world.member.save(update_fields=["role"])
        since = later.isoformat().replace("+00:00", "Z")
        response = call(
            "GET",
            f"/api/v1/people?updated_since={since}",
            key=world.keys[("own", "read")],
        )

    assert [item["id"] for item in response.json()["items"]] == [world.member.pk]


def test_a_cursor_not_made_by_the_api_is_a_problem(world, call):
    response = call(
        "GET", "/api/v1/people?cursor=bm90LWEtY3Vyc29y", key=world.keys[("own", "read")]
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()) >= {"type", "title", "status", "detail"}


def test_writing_the_same_employee_twice_makes_one_invitation(world, call):
    key = world.keys[("own", "write")]
    body = {"email": "Nieuw@Example.org", "first_name": "Sem", "team": "Artsen"}

    first = call("PUT", "/api/v1/memberships/E-42", key=key, body=body)
    second = call("PUT", "/api/v1/memberships/E-42", key=key, body=body)

    assert first.json() == second.json()
    assert first.json()["state"] == "invited"
    assert EmployeeLink.objects.filter(organisation=world.organisation).count() == 1
    assert (
        Invitation.objects.filter(
            organisation=world.organisation, email="nieuw@example.org"
        ).count()
        == 1
    )
    assert len(mail.outbox) <= 1


def test_writing_a_current_member_twice_keeps_one_membership_and_moves_team_once(
    world, call
):
    key = world.keys[("own", "write")]
    world.member.team = None
    world.member.save(update_fields=["team"])
    body = {"email": world.member.user.email, "team": "Artsen"}

    for _ in range(2):
        response = call("PUT", "/api/v1/memberships/E-7", key=key, body=body)

    assert response.json()["state"] == "member"
    assert response.json()["person_id"] == world.member.pk
    memberships = Membership.objects.filter(
        organisation=world.organisation, user=world.member.user
    )
    assert memberships.count() == 1
    assert memberships.get().team == world.team
    assert (
        AuditLog.objects.filter(
            subject=world.member.user, action="team_changed"
        ).count()
        == 1
    )


def test_an_invited_employee_is_a_member_once_they_joined(world, call):
    key = world.keys[("own", "write")]
    call("PUT", "/api/v1/memberships/E-9", key=key, body={"email": "later@example.org"})
    joined = MembershipFactory(
        organisation=world.organisation, user__email="later@example.org"
    )

    response = call(
        "PUT", "/api/v1/memberships/E-9", key=key, body={"email": "later@example.org"}
    )
    person = call("GET", f"/api/v1/people/{joined.pk}", key=key)

    assert response.json()["state"] == "member"
    assert person.json()["external_id"] == "E-9"


def test_ending_twice_ends_once(world, call):
    key = world.keys[("own", "write")]
    call(
        "PUT",
        "/api/v1/memberships/E-7",
        key=key,
        body={"email": world.member.user.email},
    )

    first = call("POST", "/api/v1/memberships/E-7/end", key=key, body={})
    second = call("POST", "/api/v1/memberships/E-7/end", key=key, body={})

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert (
        first.json()["end_date"] == second.json()["end_date"] == yesterday.isoformat()
    )
    assert (
        AuditLog.objects.filter(
            subject=world.member.user, action="member_ended"
        ).count()
        == 1
    )


def test_an_unknown_team_is_a_problem_and_writes_nothing(world, call):
    response = call(
        "PUT",
        "/api/v1/memberships/E-8",
        key=world.keys[("own", "write")],
        body={"email": "x@example.org", "team": "Bestaat niet"},
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not EmployeeLink.objects.exists()


def test_two_numbers_for_one_address_is_a_conflict(world, call):
    key = world.keys[("own", "write")]
    call("PUT", "/api/v1/memberships/A", key=key, body={"email": "een@example.org"})

    response = call(
        "PUT", "/api/v1/memberships/B", key=key, body={"email": "een@example.org"}
    )

    assert response.status_code == 409
    assert response.json()["title"] == "Conflicts with another record"


@override_settings(HR_API_RATE_LIMIT=3)
def test_over_the_rate_limit_calls_get_429_problem_details(world, call):
    key = world.keys[("own", "read")]
    statuses = [
        call("GET", "/api/v1/enrolments", key=key).status_code for _ in range(4)
    ]
    response = call("GET", "/api/v1/enrolments", key=key)

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "60"
    assert response.json()["status"] == 429
    # another key has its own count
    other = call("GET", "/api/v1/enrolments", key=world.keys[("own", "write")])
    assert other.status_code == 200


def test_every_call_leaves_one_audit_row(world, call):
    key = world.keys[("own", "read")]
    call("GET", "/api/v1/people", key=key)
    call("GET", "/api/v1/people/999999", key=key)
    call("PUT", "/api/v1/memberships/X", key=key, body={"email": "a@example.org"})
    call("GET", "/api/v1/certificates")

    rows = list(ApiCall.objects.order_by("pk"))
    assert [(r.method, r.path, r.status) for r in rows] == [
        ("GET", "/api/v1/people", 200),
        ("GET", "/api/v1/people/999999", 404),
        ("PUT", "/api/v1/memberships/X", 403),
        ("GET", "/api/v1/certificates", 401),
    ]
    assert [r.organisation_id for r in rows] == [world.organisation.pk] * 3 + [None]
    assert rows[0].key.name == "own read"


def test_the_schema_is_served_and_names_every_operation(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/certificates",
        "/api/v1/enrolments",
        "/api/v1/memberships/{external_id}",
        "/api/v1/memberships/{external_id}/end",
    }


def test_the_documentation_page_lists_operations_and_problem_types(client, db):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "PUT /api/v1/memberships/{external_id}" in text
    assert 'id="problem-rate-limited"' in text
    assert "cdn" not in text.lower()


def _people_queries(client, key) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/api/v1/people?limit=200", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
    assert response.status_code == 200
    return len(queries)


def test_a_page_of_people_costs_the_same_queries_for_5_or_30_people(world, client):
    key = world.keys[("own", "read")]
    for _ in range(3):
        MembershipFactory(organisation=world.organisation)
    _people_queries(client, key)  # the site's middleware caches its site lookup
    few = _people_queries(client, key)
    for _ in range(25):
        MembershipFactory(organisation=world.organisation)

    assert _people_queries(client, key) == few


def test_a_write_needs_no_csrf_token_only_the_key(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.put(
        "/api/v1/memberships/E-csrf",
        data='{"email": "csrf@example.org"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world.keys[('own', 'write')]}",
    )

    assert response.status_code == 200
    assert response.json()["state"] == "invited"


@override_settings(HR_API_CALL_RETENTION_DAYS=30)
def test_pruning_deletes_only_call_rows_past_the_retention(world, call):
    from django.core.management import call_command

    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        call("GET", "/api/v1/people")
    call("GET", "/api/v1/people")

    call_command("prune_api_calls", stdout=None)

    assert ApiCall.objects.count() == 1
    assert ApiCall.objects.get().created_at > timezone.now() - datetime.timedelta(
        days=1
    )
