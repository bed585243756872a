"""Puntenregistratie in the admin (issue 15, who sees what): the records per
course with filters and pages, requeueing rejected or failed ones (confirmation,
POST with CSRF, idempotent), and who may open any of it: only holders of
``registers.manage_registrations`` and administrators; an organisation manager
never sees a learner's BIG number."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.roles import REVIEWERS, TRAINERS
from registers.models import RecordStatus
from tests.factories.courses import course_tree_create
from tests.factories.organisations import MembershipFactory, manager_create
from tests.factories.registers import (
    AttendanceRecordFactory,
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import UserFactory, role_member_create

pytestmark = pytest.mark.django_db

BIG = "12345678901"
INDEX = reverse("registers_admin:index")
REQUEUE = reverse("registers_admin:requeue")


def _manager_permission():
    return Permission.objects.get(
        content_type__app_label="registers", codename="manage_registrations"
    )


def registrar_create(**fields):
    """A trainer (not a superuser) who holds the registration permission."""
    trainer = role_member_create(TRAINERS, **fields)
    trainer.user_permissions.add(_manager_permission())
    return trainer


@pytest.fixture
def setting(home_page):
    course = course_tree_create(home_page, title="Chemsex in de praktijk").course
    other = course_tree_create(home_page, slug="ander", title="Andere cursus").course
    gaia = CourseAccreditationFactory(course=course, register=RegisterFactory())
    vv = CourseAccreditationFactory(
        course=other, register=RegisterFactory(code="vv"), register_course_id="77"
    )
    learner = UserFactory(first_name="Anna", last_name="Jansen")
    RegisterNumberFactory(user=learner, register=gaia.register, number=BIG)
    now = timezone.now()
    records = {
        "pending": AttendanceRecordFactory(
            accreditation=gaia,
            user=learner,
            person_number=BIG,
            end_date=now - datetime.timedelta(days=40),
        ),
        "accepted": AttendanceRecordFactory(
            accreditation=gaia,
            status=RecordStatus.ACCEPTED,
            accepted_at=now,
            end_date=now - datetime.timedelta(days=3),
        ),
        "rejected": AttendanceRecordFactory(
            accreditation=gaia,
            status=RecordStatus.REJECTED,
            error_number="1032",
            error_message="course 9471 on row 2 is not (correctly) accredited",
            end_date=now - datetime.timedelta(days=2),
        ),
        "failed": AttendanceRecordFactory(
            accreditation=gaia,
            status=RecordStatus.FAILED,
            error_message="Het antwoord was geen XML.",
            end_date=now - datetime.timedelta(days=1),
        ),
        "other": AttendanceRecordFactory(
            accreditation=vv, person_number="654321", end_date=now
        ),
    }
    return {"course": course, "other": other, "gaia": gaia, "vv": vv, **records}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _export_url(setting, kind="csv"):
    return reverse(
        "registers_admin:export",
        kwargs={
            "course_id": setting["course"].pk,
            "register_id": setting["gaia"].register_id,
            "kind": kind,
        },
    )


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _strangers(setting):
    """Everyone who must not see the view, by role."""
    organisation_member = MembershipFactory(user=setting["pending"].user)
    return {
        "learner": setting["pending"].user,
        "organisation manager": manager_create(organisation_member.organisation),
        "trainer without the permission": role_member_create(TRAINERS),
        "reviewer": role_member_create(REVIEWERS),
    }


def test_view_export_and_requeue_are_closed_when_anonymous(client, setting):
    for url in (INDEX, _export_url(setting), f"{REQUEUE}?record=1"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert BIG not in _body(response)
    response = client.post(REQUEUE, {"record": setting["rejected"].pk})
    assert response.status_code == 302
    setting["rejected"].refresh_from_db()
    assert setting["rejected"].status == RecordStatus.REJECTED


@pytest.mark.parametrize(
    "role",
    ["learner", "organisation manager", "trainer without the permission", "reviewer"],
)
def test_view_export_and_requeue_are_refused_when_role_lacks_the_permission(
    setting, role
):
    client = _client(_strangers(setting)[role])
    for url in (
        INDEX,
        _export_url(setting),
        _export_url(setting, "xlsx"),
        f"{REQUEUE}?record={setting['rejected'].pk}",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (role, url)
        assert BIG not in _body(response), (role, url)
        assert "Anna Jansen" not in _body(response), (role, url)
    response = client.post(REQUEUE, {"record": setting["rejected"].pk})
    assert response.status_code in (302, 403)
    setting["rejected"].refresh_from_db()
    assert setting["rejected"].status == RecordStatus.REJECTED


def test_menu_item_is_shown_only_with_the_permission(setting):
    menu = "Puntenregistratie"
    assert menu not in _client(role_member_create(TRAINERS)).get("/beheer/").text
    assert menu in _client(registrar_create()).get("/beheer/").text


@pytest.mark.parametrize("kind", ["trainer with the permission", "superuser"])
def test_view_lists_every_record_with_its_number_when_permitted(setting, kind):
    if kind == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = registrar_create()
    response = _client(user).get(INDEX)
    assert response.status_code == 200
    body = response.text
    assert "Anna Jansen" in body
    assert BIG in body
    assert "654321" in body
    assert "fout 1032: course 9471 on row 2 is not (correctly) accredited" in body
    assert "Het antwoord was geen XML." in body
    assert "Andere cursus" in body
    export = _client(user).get(_export_url(setting))
    assert export.status_code == 200
    assert BIG in _body(export)


def test_filters_narrow_the_list_by_course_register_status_and_period(setting):
    client = _client(registrar_create())

    def shown(**params):
        records = client.get(INDEX, params).context["records"]
        return {record.pk for record in records}

    gaia_ids = {setting[k].pk for k in ("pending", "accepted", "rejected", "failed")}
    assert shown(course=setting["course"].pk) == gaia_ids
    assert shown(register=setting["vv"].register_id) == {setting["other"].pk}
    assert shown(status="rejected") == {setting["rejected"].pk}
    today = timezone.localdate()
    assert shown(
        start=(today - datetime.timedelta(days=3)).isoformat(),
        end=(today - datetime.timedelta(days=2)).isoformat(),
    ) == {setting["accepted"].pk, setting["rejected"].pk}


def test_filters_with_nonsense_show_the_error_and_no_server_error(setting):
    client = _client(registrar_create())
    response = client.get(
        INDEX, {"course": "geen-id", "status": "weg", "start": "2026-13-45"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.get(INDEX, {"start": "2026-05-02", "end": "2026-05-01"})
    assert "Kies een einddatum op of na de begindatum." in response.text


def test_empty_state_says_where_records_come_from_when_there_are_none(home_page):
    response = _client(registrar_create()).get(INDEX)
    assert "Nog geen registraties." in response.text
    assert "Nog geen cursus is geaccrediteerd bij een register." in response.text


def test_empty_state_names_the_filters_when_nothing_matches(setting):
    response = _client(registrar_create()).get(INDEX, {"status": "withdrawn"})
    assert "Geen registraties die bij deze filters passen." in response.text


def test_list_is_paginated_with_a_bounded_number_of_queries(
    setting, django_assert_max_num_queries
):
    for _ in range(55):
        AttendanceRecordFactory(accreditation=setting["gaia"])
    client = _client(registrar_create())
    client.get(INDEX)  # warm the session and admin caches
    with django_assert_max_num_queries(25):
        first = client.get(INDEX, {"register": setting["gaia"].register_id})
    assert len(first.context["records"]) == 50
    second = client.get(
        INDEX, {"register": setting["gaia"].register_id, "p": 2}
    ).context["records"]
    assert len(second) == 59 - 50
    assert "Pagina 1 van 2" in first.text
    assert f"register={setting['gaia'].register_id}&amp;p=2" in first.text


def test_requeue_asks_first_and_changes_nothing_on_get(setting):
    client = _client(registrar_create())
    rejected = setting["rejected"]
    response = client.get(REQUEUE, {"record": rejected.pk})
    assert response.status_code == 200
    assert "Ja, opnieuw aanmelden" in response.text
    assert 'method="post"' in response.text
    rejected.refresh_from_db()
    assert rejected.status == RecordStatus.REJECTED


def test_requeue_sends_a_rejected_record_again_once_when_posted_twice(setting):
    client = _client(registrar_create())
    rejected = setting["rejected"]
    response = client.post(REQUEUE, {"record": rejected.pk}, follow=True)
    rejected.refresh_from_db()
    assert rejected.status == RecordStatus.PENDING
    assert rejected.error_number == ""
    assert "1 registratie staat weer klaar om te verzenden." in response.text
    again = client.post(REQUEUE, {"record": rejected.pk}, follow=True)
    assert "Er was niets meer opnieuw aan te melden" in again.text
    rejected.refresh_from_db()
    assert rejected.status == RecordStatus.PENDING


def test_requeue_leaves_accepted_and_pending_records_alone(setting):
    client = _client(registrar_create())
    for key in ("accepted", "pending"):
        client.post(REQUEUE, {"record": setting[key].pk})
    setting["accepted"].refresh_from_db()
    assert setting["accepted"].status == RecordStatus.ACCEPTED
    assert setting["accepted"].accepted_at is not None


def test_requeue_of_the_filtered_list_takes_every_rejected_and_failed_one(setting):
    client = _client(registrar_create())
    params = {"course": setting["course"].pk}
    confirm = client.get(REQUEUE, params)
    assert confirm.context["count"] == 2
    assert f'name="course" value="{setting["course"].pk}"' in confirm.text
    client.post(REQUEUE, params)
    for key in ("rejected", "failed"):
        setting[key].refresh_from_db()
        assert setting[key].status == RecordStatus.PENDING
    setting["accepted"].refresh_from_db()
    assert setting["accepted"].status == RecordStatus.ACCEPTED


def test_requeue_is_refused_without_the_csrf_token(setting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(registrar_create())
    response = client.post(REQUEUE, {"record": setting["rejected"].pk})
    assert response.status_code == 403
    setting["rejected"].refresh_from_db()
    assert setting["rejected"].status == RecordStatus.REJECTED


def test_requeue_of_an_id_that_is_no_number_is_not_found(setting):
    response = _client(registrar_create()).get(REQUEUE, {"record": "geen-id"})
    assert response.status_code == 404


def test_viewing_and_exporting_numbers_is_in_each_persons_privacy_log(setting):
    from training.models import PrivacyAction, PrivacyLogEntry, PrivacySource

    registrar = registrar_create()
    client = _client(registrar)
    client.get(INDEX, {"course": setting["course"].pk})
    viewed = PrivacyLogEntry.objects.filter(
        actor=registrar,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.REGISTRATIONS,
    )
    gaia_people = {
        setting[k].user_id for k in ("pending", "accepted", "rejected", "failed")
    }
    assert set(viewed.values_list("subject_id", flat=True)) == gaia_people
    b"".join(client.get(_export_url(setting)).streaming_content)
    exported = PrivacyLogEntry.objects.get(
        actor=registrar, action=PrivacyAction.EXPORTED
    )
    # only Anna has a number with consent for GAIA in this setting
    assert exported.subject_id == setting["pending"].user_id
    assert (
        exported.context == "Chemsex in de praktijk, GAIA (KNMG-registers, ABAN/ABC1)"
    )
    client.get(REQUEUE, {"record": setting["rejected"].pk})
    assert viewed.filter(subject_id=setting["rejected"].user_id).count() == 2


def test_overview_counts_records_per_status_for_each_course_and_register(setting):
    response = _client(registrar_create()).get(INDEX)
    routes = {
        (route["course"].pk, route["register"].code): route
        for route in response.context["routes"]
    }
    gaia = routes[(setting["course"].pk, "gaia")]
    assert [(s["label"], s["count"]) for s in gaia["statuses"]] == [
        ("wacht op verzending", 1),
        ("geaccepteerd", 1),
        ("afgewezen", 1),
        ("verzenden mislukt", 1),
    ]
    rejected_link = gaia["statuses"][2]["url"]
    assert f"course={setting['course'].pk}" in rejected_link
    assert "status=rejected" in rejected_link
    other = routes[(setting["vv"].course_id, "vv")]
    assert [s["count"] for s in other["statuses"]] == [1, 0, 0, 0]
    listed = _client(registrar_create()).get(rejected_link).context["records"]
    assert [record.pk for record in listed] == [setting["rejected"].pk]
