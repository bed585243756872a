"""The certificates part of a person's data download: own records only, JSON-ready,
a fixed number of queries."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.models import ContentUpdateNotice, ReminderLog
from certificates.personal_data import personal_data
from certificates.services.log import status_log_add
from certificates.services.revoke import certificate_revoke
from certificates.validity import Status
from courses.models import ContentChange
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory
from training.personal_data import personal_data_collect

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    trainer = UserFactory(first_name="Tessa", last_name="Trainer")
    trainer.user_permissions.add(
        *Permission.objects.filter(codename__in=["revoke_certificate"])
    )
    return trainer


@pytest.fixture
def change(course_tree):
    lesson = course_tree.lessons[2]
    return ContentChange.objects.create(
        course=course_tree.course,
        page=lesson,
        module=course_tree.modules[1],
        revision=lesson.save_revision(),
        summary="Nieuwe richtlijn voor GHB.",
    )


def _records_add(
    certificate, *, change, page_ids=(), manager_email="manager@example.org"
):
    """A logged issue, a reminder to the holder and a manager, and an open notice."""
    status_log_add(certificate=certificate, before=None, after=Status.VALID)
    ReminderLog.objects.create(
        certificate=certificate,
        offset=30,
        sent_at=timezone.now(),
        recipients=f"{certificate.user.email}\n{manager_email}",
    )
    return ContentUpdateNotice.objects.create(
        certificate=certificate,
        change=change,
        created_at=timezone.now(),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        page_ids=[change.page_id, *page_ids],
        visited_page_ids=[change.page_id],
    )


def test_certificate_appears_with_its_issued_values_when_the_person_holds_one(
    course_tree, user
):
    certificate = CertificateFactory(
        user=user,
        course=course_tree.course,
        cycle=2,
        holder_name="Jan de Vries",
        valid_until=datetime.date(2030, 5, 31),
        score_summary={
            "schema_version": 1,
            "requirements": {"done": 4, "total": 4},
            "assessments": [{"title": "Eindtoets", "kind": "quiz", "score": 0.85}],
        },
    )

    (entry,) = personal_data(user=user)["certificaten"]

    assert entry["naam_op_certificaat"] == "Jan de Vries"
    assert entry["cursus"] == "Testcursus"
    assert entry["code"] == certificate.code_display
    assert entry["code"].count("-") == 3
    assert entry["cyclus"] == 2
    assert entry["inhoudsversie"] == "2025-01-01 09:00"
    assert entry["uitgegeven_op"] == certificate.issued_on.isoformat()
    assert entry["uitgegeven_tijdstip"] == certificate.issued_at.isoformat()
    assert entry["geldig_tot_en_met"] == "2030-05-31"
    assert entry["resultaten"]["assessments"][0]["title"] == "Eindtoets"
    assert entry["accreditatie"] == certificate.accreditation
    assert entry["status"] == "geldig"
    assert entry["ingetrokken_op"] is None
    assert entry["reden_van_intrekking"] is None


def test_revoked_certificate_shows_date_reason_and_history_when_revoked(
    course_tree, user, trainer
):
    certificate = CertificateFactory(user=user, course=course_tree.course)
    status_log_add(certificate=certificate, before=None, after=Status.VALID)
    revoked = certificate_revoke(
        certificate=certificate, actor=trainer, reason="Frauduleus behaald"
    )

    data = personal_data(user=user)

    (entry,) = data["certificaten"]
    assert entry["status"] == "ingetrokken"
    assert entry["ingetrokken_op"] == revoked.revoked_at.isoformat()
    assert entry["reden_van_intrekking"] == "Frauduleus behaald"
    assert [(e["van"], e["naar"], e["reden"]) for e in entry["statusgeschiedenis"]] == [
        (None, "geldig", None),
        ("geldig", "ingetrokken", "Frauduleus behaald"),
    ]
    # who revoked is another person's data
    dumped = json.dumps(data)
    assert trainer.email not in dumped
    # the full name: the learner's own random name may share the first name
    assert "Tessa Trainer" not in dumped


def test_reminders_and_notices_appear_without_other_addresses_when_sent(
    course_tree, user, change
):
    certificate = CertificateFactory(user=user, course=course_tree.course)
    _records_add(
        certificate,
        change=change,
        page_ids=[course_tree.lessons[3].pk],
        manager_email="baas@example.org",
    )

    data = personal_data(user=user)

    (reminder,) = data["verloopherinneringen"]
    assert reminder["certificaat"] == certificate.code_display
    assert reminder["dagen_voor_verlopen"] == 30
    assert reminder["soort"] == "30 dagen vóór verlopen"
    assert reminder["verzonden_op"] is not None
    assert reminder["aan_mijzelf"] is True
    assert reminder["aantal_andere_ontvangers"] == 1
    assert "baas@example.org" not in json.dumps(data)
    (notice,) = data["inhoudsupdates"]
    assert notice["certificaat"] == certificate.code_display
    assert notice["wat_is_er_veranderd"] == "Nieuwe richtlijn voor GHB."
    assert notice["gewijzigde_pagina"] == "Les 2.1"
    assert notice["module"] == "Module 2"
    assert notice["verplicht"] is True
    assert notice["lessen"] == [
        {"titel": "Les 2.1", "geopend": True},
        {"titel": "Les 2.2", "geopend": False},
    ]
    assert notice["bijgewerkt"] is False
    assert data["certificaten"][0]["status"] == "geldig — inhoud sindsdien bijgewerkt"


def test_other_persons_records_are_left_out_when_they_share_a_course(
    course_tree, user, change
):
    own = CertificateFactory(user=user, course=course_tree.course)
    other = CertificateFactory(course=course_tree.course, holder_name="Piet Anders")
    _records_add(other, change=change)

    data = personal_data(user=user)

    assert [c["code"] for c in data["certificaten"]] == [own.code_display]
    assert data["verloopherinneringen"] == []
    assert data["inhoudsupdates"] == []
    dumped = json.dumps(data)
    assert other.code_display not in dumped
    assert "Piet Anders" not in dumped


def test_sections_are_collected_through_the_hook_and_dump_as_json_when_filled(
    course_tree, user, change, trainer
):
    certificate = CertificateFactory(user=user, course=course_tree.course)
    _records_add(certificate, change=change)
    certificate_revoke(certificate=certificate, actor=trainer, reason="Dubbel")

    collected = personal_data_collect(user=user)

    loaded = json.loads(json.dumps(collected))
    assert loaded["certificaten"][0]["reden_van_intrekking"] == "Dubbel"
    assert len(loaded["verloopherinneringen"]) == 1
    assert len(loaded["inhoudsupdates"]) == 1


def _queries_for(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        personal_data(user=user)
    return len(queries)


def test_query_count_is_the_same_when_the_person_has_one_or_five_certificates(
    course_tree, change, trainer
):
    one, five = UserFactory(), UserFactory()
    for user, count in ((one, 1), (five, 5)):
        for cycle in range(1, count + 1):
            certificate = CertificateFactory(
                user=user, course=course_tree.course, cycle=cycle
            )
            _records_add(certificate, change=change)
        certificate_revoke(certificate=certificate, actor=trainer, reason="Test")

    assert len(personal_data(user=five)["certificaten"]) == 5
    assert _queries_for(one) == _queries_for(five)
