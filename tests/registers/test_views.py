"""The learner's registration-number page and the lines on their certificate page
(issue 15): validated without JavaScript, nothing saved on bad input, and the
certificate says whether the points were registered or why not."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registers.models import (
    AttendanceRecord,
    BatchStatus,
    RecordStatus,
    RegisterNumber,
    SendBatch,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.registers import (
    AttendanceRecordFactory,
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import UserFactory

URL = "/accounts/registratienummers/"
HISTORY = "/certificaten/"


@pytest.fixture
def gaia(db):
    return RegisterFactory(code="gaia")


def test_page_needs_a_signed_in_person(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_learner_adds_a_big_number_with_consent(learner_client, user, gaia):
    response = learner_client.post(
        URL, {"register": "gaia", "number": "190 1234 5678", "consent": "on"}
    )
    assert response.status_code == 302
    entry = RegisterNumber.objects.get(user=user)
    assert (entry.register, entry.number, entry.consent_to_register) == (
        gaia,
        "19012345678",
        True,
    )
    assert entry.consent_changed_at is not None
    page = learner_client.get(URL).content.decode()
    assert "19012345678" in page
    assert "is opgeslagen" in page


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1901234567", "precies 11 cijfers; je typte er 10"),
        ("190123456789", "precies 11 cijfers; je typte er 12"),
        ("1901234567X", "alleen uit cijfers"),
    ],
)
def test_wrong_big_number_is_refused_with_a_message(
    learner_client, user, gaia, number, message
):
    response = learner_client.post(
        URL, {"register": "gaia", "number": number, "consent": "on"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RegisterNumber.objects.exists()


def test_number_of_another_account_is_refused(learner_client, gaia):
    RegisterNumberFactory(register=gaia, number="19012345678")
    response = learner_client.post(URL, {"register": "gaia", "number": "19012345678"})
    assert response.status_code == 400
    assert "al aan een ander account gekoppeld" in response.content.decode()
    assert RegisterNumber.objects.count() == 1


def test_learner_changes_consent_and_number(learner_client, user, gaia):
    RegisterNumberFactory(user=user, register=gaia, number="19012345678")
    form = learner_client.get(URL + "?register=gaia").content.decode()
    assert 'value="19012345678"' in form
    learner_client.post(URL, {"register": "gaia", "number": "19087654321"})
    entry = RegisterNumber.objects.get(user=user)
    assert (entry.number, entry.consent_to_register) == ("19087654321", False)


def test_learner_removes_a_number(learner_client, user, gaia):
    RegisterNumberFactory(user=user, register=gaia)
    response = learner_client.post(reverse("register_number_delete", args=["gaia"]))
    assert response.status_code == 302
    assert not RegisterNumber.objects.exists()


def test_removing_needs_post(learner_client, user, gaia):
    RegisterNumberFactory(user=user, register=gaia)
    assert (
        learner_client.get(reverse("register_number_delete", args=["gaia"])).status_code
        == 405
    )
    assert RegisterNumber.objects.exists()


def test_page_shows_only_the_persons_own_numbers(learner_client, user, gaia):
    RegisterNumberFactory(register=gaia, number="19099999999")
    assert "19099999999" not in learner_client.get(URL).content.decode()


# The certificate page ------------------------------------------------------


@pytest.fixture
def certified(user, course_tree, gaia):
    accreditation = CourseAccreditationFactory(course=course_tree.course, register=gaia)
    certificate = CertificateFactory(user=user, course=course_tree.course)
    return accreditation, certificate


def _record(user, certified, **fields):
    accreditation, certificate = certified
    return AttendanceRecordFactory(
        user=user, accreditation=accreditation, certificate=certificate, **fields
    )


def _history(client) -> str:
    return " ".join(client.get(HISTORY).content.decode().split())


def test_certificate_says_points_were_registered_on_the_date(
    learner_client, user, certified
):
    _record(
        user,
        certified,
        status=RecordStatus.ACCEPTED,
        accepted_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0)),
    )
    page = _history(learner_client)
    assert (
        "Punten aangemeld bij GAIA (KNMG-registers, ABAN/ABC1) op 3 december 2026."
        in page
    )


def test_certificate_says_no_points_were_written_while_pe_online_is_in_test_mode(
    learner_client, user, certified
):
    accreditation, _ = certified
    batch = SendBatch.objects.create(
        register=accreditation.register, status=BatchStatus.DONE, test_mode=True
    )
    _record(
        user,
        certified,
        batch=batch,
        status=RecordStatus.ACCEPTED,
        accepted_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0)),
    )
    page = _history(learner_client)
    assert "Punten aangemeld" not in page
    assert "op 3 december 2026 gecontroleerd in de testmodus" in page
    assert "er zijn nog geen punten geschreven" in page


def test_certificate_says_pending_and_rejected_with_the_registers_message(
    learner_client, user, certified
):
    record = _record(user, certified)
    assert "Punten worden aangemeld bij GAIA" in _history(learner_client)
    AttendanceRecord.objects.filter(pk=record.pk).update(
        status=RecordStatus.REJECTED,
        error_number="12",
        error_message="Persoon 19012345678 is onbekend",
    )
    page = _history(learner_client)
    assert "heeft de aanmelding afgewezen: Persoon 19012345678 is onbekend" in page
    assert f'href="{URL}"' in page


def test_certificate_says_a_failed_send_waits_for_the_training_team(
    learner_client, user, certified
):
    _record(user, certified, status=RecordStatus.FAILED)
    page = _history(learner_client)
    assert "Aanmelden bij GAIA" in page
    assert "Het opleidingsteam meldt je punten opnieuw aan." in page
    assert "we proberen het opnieuw" not in page


def test_certificate_says_points_go_by_hand_for_a_register_without_pe_online(
    learner_client, user, course_tree
):
    skj = RegisterFactory(code="skj-test", name="SKJ", pe_online_org_id=None)
    accreditation = CourseAccreditationFactory(course=course_tree.course, register=skj)
    certificate = CertificateFactory(user=user, course=course_tree.course)
    AttendanceRecordFactory(
        user=user, accreditation=accreditation, certificate=certificate
    )
    page = _history(learner_client)
    assert "Punten voor SKJ meldt het opleidingsteam met de hand aan" in page
    assert "Punten worden aangemeld bij SKJ" not in page


def test_certificate_says_why_without_a_number(learner_client, certified):
    page = _history(learner_client)
    assert (
        "Niet aangemeld bij GAIA (KNMG-registers, ABAN/ABC1): je hebt geen "
        "BIG-nummer opgegeven."
    ) in page


def test_certificate_says_why_without_consent(learner_client, user, gaia, certified):
    RegisterNumberFactory(user=user, register=gaia, consent_to_register=False)
    assert "je hebt geen toestemming gegeven" in _history(learner_client)


def test_certificate_says_why_outside_the_period(learner_client, user, gaia, certified):
    accreditation, _ = certified
    RegisterNumberFactory(user=user, register=gaia)
    accreditation.valid_from = datetime.date(2020, 1, 1)
    accreditation.valid_until = datetime.date(2020, 12, 31)
    accreditation.save()
    page = _history(learner_client)
    assert (
        "je rondde de cursus af buiten de accreditatieperiode "
        "(1 januari 2020 tot en met 31 december 2020)"
    ) in page


def test_certificate_page_queries_do_not_grow_with_certificates(
    learner_client, user, gaia, course_tree, django_assert_max_num_queries
):
    accreditation = CourseAccreditationFactory(course=course_tree.course, register=gaia)
    for cycle in (1, 2, 3):
        certificate = CertificateFactory(
            user=user, course=course_tree.course, cycle=cycle
        )
        AttendanceRecordFactory(
            user=user, accreditation=accreditation, certificate=certificate
        )
    learner_client.get(HISTORY)  # warm the session and caches
    with django_assert_max_num_queries(14):
        learner_client.get(HISTORY)


def test_other_learner_never_sees_a_number_on_their_pages(client, gaia, certified):
    RegisterNumberFactory(register=gaia, number="19055555555")
    client.force_login(UserFactory())
    for url in (URL, HISTORY, "/accounts/mijn-gegevens/?download=json"):
        assert "19055555555" not in client.get(url).content.decode()


def test_certificate_leaves_out_registers_the_learner_is_not_in(
    learner_client, user, gaia, certified, course_tree
):
    CourseAccreditationFactory(
        course=course_tree.course, register=RegisterFactory(code="vv")
    )
    page = _history(learner_client)
    assert "geen BIG-nummer opgegeven" in page
    assert "geen V&amp;V-relatienummer opgegeven" in page
    RegisterNumberFactory(user=user, register=gaia, consent_to_register=False)
    page = _history(learner_client)
    assert "je hebt geen toestemming gegeven" in page
    assert "V&amp;V" not in page


def test_personal_data_download_holds_the_number_and_the_records(
    learner_client, user, gaia, certified
):
    accreditation, certificate = certified
    RegisterNumberFactory(user=user, register=gaia, number="19012345678")
    AttendanceRecordFactory(
        user=user,
        accreditation=accreditation,
        certificate=certificate,
        person_number="19012345678",
    )
    response = learner_client.get("/accounts/mijn-gegevens/?download=json")
    data = response.json()["gegevens"]
    (number,) = data["registratienummers"]
    assert (number["nummer"], number["toestemming_punten_registreren"]) == (
        "19012345678",
        True,
    )
    (record,) = data["presentieregistraties"]
    assert (record["nummer"], record["status"]) == (
        "19012345678",
        "wacht op verzending",
    )
    assert record["cursusnummer_register"] == accreditation.register_course_id
