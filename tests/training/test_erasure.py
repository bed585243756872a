"""Erasing an account (GDPR article 17): by the person on their profile (with
their password) or by an administrator on request. Afterwards no table holds
the person's name, address or own words; the certificate code still verifies,
without the name (or says "ingetrokken" when they chose that); memberships end;
the privacy log says who erased which account and when, nothing more; a second
submit changes nothing."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer
from assessments.services import attempt_start, attempt_submit
from certificates.models import Certificate
from certificates.services.render_missing import certificates_render_missing
from courses.models import Enrolment, ReflectionAnswer
from courses.services import reflection_save
from organisations.erasure import erase as organisations_erase
from organisations.models import AuditAction, AuditLog, Invitation, Membership
from organisations.services.invitations import (
    invitation_accept,
    invitation_create_email,
)
from registers.models import AttendanceRecord, RegisterNumber, SendBatch
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
)
from tests.factories.certificates import certificate_earn
from tests.factories.organisations import (
    OrganisationFactory,
    manager_create,
)
from tests.factories.registers import (
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import TEST_PASSWORD, UserFactory
from training.erasure import ERASED_EMAIL_DOMAIN, Erasure, account_erase
from training.models import (
    EmailStatus,
    OutboundEmail,
    PrivacyAction,
    PrivacyLogEntry,
    User,
)
from training.outbox import email_queue

pytestmark = pytest.mark.django_db

EMAIL = "zefanja.quaadvliet@example.org"
SECOND_EMAIL = "z.quaadvliet@werk.example.org"
FIRST_NAME = "Zefanja"
LAST_NAME = "Quaadvliet-Oosterbroek"
ESSAY = "Bij mijn cliënt in Zwolle merkte ik het pas laat."
REFLECTION = "Ik vraag voortaan eerder door naar middelengebruik."
BIG_NUMBER = "19283746501"
# Nothing of these may remain anywhere in the database.
TRACES = (EMAIL, SECOND_EMAIL, FIRST_NAME, LAST_NAME, ESSAY, REFLECTION, BIG_NUMBER)


def _reflection_lesson(lesson):
    lesson.body = [("reflection", {"question": "Wat neem je mee?", "guidance": ""})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Huisartsenpraktijk De Linde")


@pytest.fixture
def manager(organisation):
    return manager_create(organisation, first_name="Petra", last_name="Jansen")


@pytest.fixture
def person(course_tree, organisation, manager, django_capture_on_commit_callbacks):
    """Someone with records in every app: a rendered certificate, a reflection,
    a quiz with an essay, a membership through an email invitation, a second
    address, an email waiting in the outbox, and a BIG number with an attendance
    record that went out in a batch."""
    person = UserFactory(email=EMAIL, first_name=FIRST_NAME, last_name=LAST_NAME)
    person.emailaddress_set.create(email=SECOND_EMAIL, verified=True)
    gaia = RegisterFactory(code="gaia")
    CourseAccreditationFactory(course=course_tree.course, register=gaia)
    RegisterNumberFactory(user=person, register=gaia, number=BIG_NUMBER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create_email(
            organisation=organisation,
            email=EMAIL,
            actor=manager,
            first_name=FIRST_NAME,
            last_name=LAST_NAME,
        )
        certificate_earn(user=person, tree=course_tree)
    invitation_accept(token=invitation.token, user=person)
    Membership.objects.filter(user=person).update(
        start_date=timezone.localdate() - datetime.timedelta(days=30)
    )
    lesson = _reflection_lesson(course_tree.lessons[1])
    reflection_save(
        user=person, lesson=lesson, block_id=lesson.body[0].id, text=REFLECTION
    )
    category = category_create()
    quiz = quiz_create(
        course_tree.modules[1],
        questions=[
            question_create(category=category, type="single"),
            question_create(category=category, type="essay"),
        ],
    )
    attempt = attempt_start(user=person, quiz=quiz)
    data = form_data(attempt.questions)
    essay_field = f"q-{attempt.questions[1]['id']}"
    data[essay_field] = [ESSAY]
    attempt_submit(
        public_id=attempt.public_id,
        user=person,
        data=data,
        indexes=range(len(attempt.questions)),
    )
    batch = SendBatch.objects.create(
        register=gaia,
        request_body=f"<Entry><externalPersonID>{BIG_NUMBER}</externalPersonID>",
        response_body=f"<Summary><person>{BIG_NUMBER}</person></Summary>",
    )
    AttendanceRecord.objects.filter(user=person).update(batch=batch)
    email_queue(
        to=SECOND_EMAIL,
        subject=f"Herinnering voor {FIRST_NAME}",
        body_text=f"Beste {FIRST_NAME} {LAST_NAME}",
        kind="test",
        dedup_key="test:waiting",
    )
    return person


def _traces_left() -> list[str]:
    """Every row of every model, every concrete field as text."""
    found = []
    for model in apps.get_models():
        fields = list(model._meta.concrete_fields)
        for row in model._base_manager.all():
            for field in fields:
                value = str(field.value_from_object(row)).lower()
                for trace in TRACES:
                    if trace.lower() in value:
                        found.append(f"{model._meta.label}.{field.name}: {trace}")
    return found


def test_no_table_holds_the_persons_data_when_erased(person):
    assert _traces_left()  # the fixture put them there

    account_erase(user=person, actor=person)

    assert _traces_left() == []


def test_every_model_pointing_at_the_person_holds_no_name_when_erased(person):
    account_erase(user=person, actor=person)

    user_fks = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]
    rows = 0
    for model, field in user_fks:
        for row in model._base_manager.filter(**{field.name: person.pk}):
            rows += 1
            text = " ".join(
                str(f.value_from_object(row)) for f in model._meta.concrete_fields
            )
            assert not [t for t in TRACES if t in text], model
    assert rows > 0  # certificates, memberships, attempts stay with the account


def test_account_is_anonymous_and_inactive_when_erased(person):
    account_erase(user=person, actor=person)

    person.refresh_from_db()
    assert person.email == f"gewist-{person.pk}@{ERASED_EMAIL_DOMAIN}"
    assert (person.first_name, person.last_name, person.profession) == ("", "", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.erased_at is not None
    assert not person.emailaddress_set.exists()


def test_learning_records_go_and_submitted_attempts_stay_without_essay_when_erased(
    person,
):
    account_erase(user=person, actor=person)

    assert not Enrolment.objects.filter(user=person).exists()
    assert not ReflectionAnswer.objects.filter(user=person).exists()
    attempt = Attempt.objects.get(user=person)
    answers = AttemptAnswer.objects.filter(attempt=attempt).order_by("index")
    assert [a.answer is None for a in answers] == [False, True]


def test_verification_still_says_geldig_without_the_name_when_erased(person, client):
    certificate = Certificate.objects.get(user=person)
    assert certificate.pdf

    account_erase(user=person, actor=person)

    response = client.get(f"/verify/{certificate.code_display}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "geldig" in html
    assert "niet meer getoond" in html
    assert LAST_NAME not in html
    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.pdf.name) == ("", "")
    assert certificate.credential is None


def test_verification_says_ingetrokken_when_person_chose_to_revoke(person, client):
    certificate = Certificate.objects.get(user=person)

    account_erase(user=person, actor=person, revoke_certificates=True)

    response = client.get(f"/verify/{certificate.code_display}/")
    assert "ingetrokken" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.status_log.filter(to_status="REVOKED").count() == 1


def test_membership_ends_on_the_dutch_day_before_when_erased_just_after_midnight(
    person, organisation
):
    # 23:30 UTC on 6 December is 00:30 on 7 December in Amsterdam.
    moment = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    organisations_erase(
        erasure=Erasure(
            user=person,
            emails=frozenset({person.email}),
            actor=person,
            revoke_certificates=False,
            moment=moment,
        )
    )

    membership = Membership.objects.get(user=person)
    assert membership.end_date == datetime.date(2026, 12, 6)


def test_erased_certificate_is_never_rendered_again(person):
    account_erase(user=person, actor=person)

    result = certificates_render_missing(
        now=timezone.now() + datetime.timedelta(hours=1)
    )

    assert result.enqueued == 0
    assert not Certificate.objects.get(user=person).pdf


def test_membership_ends_and_is_audited_when_erased(person, organisation):
    account_erase(user=person, actor=person)

    membership = Membership.objects.get(user=person)
    assert membership.end_date == timezone.localdate() - datetime.timedelta(days=1)
    assert AuditLog.objects.filter(
        subject=person, action=AuditAction.MEMBER_ENDED
    ).exists()
    invitation = Invitation.objects.get(accepted_by=person)
    assert invitation.email.endswith(ERASED_EMAIL_DOMAIN)


def test_waiting_email_is_never_sent_and_new_ones_are_not_queued_when_erased(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()  # the invitation and certificate mails of the fixture
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person, actor=person)
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        later = email_queue(
            to=person.email,
            subject="Je certificaat verloopt",
            body_text="...",
            kind="test",
            dedup_key="test:later",
        )

    waiting = OutboundEmail.objects.get(dedup_key="test:waiting")
    assert waiting.status == EmailStatus.FAILED
    assert later.status == EmailStatus.FAILED
    assert not mailoutbox


def test_second_erasure_changes_nothing(person):
    assert account_erase(user=person, actor=person) is True

    assert account_erase(user=person, actor=person) is False

    assert PrivacyLogEntry.objects.filter(action=PrivacyAction.ERASED).count() == 1


def test_last_organisation_administrator_is_refused_and_nothing_changes(
    person, organisation, manager
):
    with pytest.raises(ValidationError, match="enige organisatiebeheerder"):
        account_erase(user=manager, actor=manager)

    manager.refresh_from_db()
    assert manager.erased_at is None
    assert manager.last_name == "Jansen"
    assert Membership.objects.get(user=manager).end_date is None


# The person's own page


def test_person_erases_own_account_with_password_and_is_signed_out(person, client):
    client.force_login(person)
    url = reverse("account_erase")
    assert client.get(url).status_code == 200

    response = client.post(url, {"password": TEST_PASSWORD, "certificates": "keep"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.erased_at is not None
    assert client.get(reverse("profile")).status_code == 302  # signed out
    entry = PrivacyLogEntry.objects.get(action=PrivacyAction.ERASED)
    assert (entry.actor, entry.subject) == (person, person)
    assert (entry.source, entry.context) == ("account", "")


def test_second_submit_of_the_erase_form_does_nothing_twice(person, client):
    client.force_login(person)
    url = reverse("account_erase")
    data = {"password": TEST_PASSWORD, "certificates": "keep"}

    client.post(url, data)
    second = client.post(url, data)

    assert second.status_code == 302
    assert reverse("account_login") in second["Location"]
    assert PrivacyLogEntry.objects.filter(action=PrivacyAction.ERASED).count() == 1


def test_wrong_password_erases_nothing(person, client):
    client.force_login(person)

    response = client.post(
        reverse("account_erase"), {"password": "niet-goed", "certificates": "keep"}
    )

    assert response.status_code == 400
    assert "Dit wachtwoord klopt niet." in response.content.decode()
    person.refresh_from_db()
    assert person.erased_at is None


def test_last_administrator_sees_why_on_the_erase_page(manager, client):
    client.force_login(manager)

    response = client.post(
        reverse("account_erase"), {"password": TEST_PASSWORD, "certificates": "keep"}
    )

    assert response.status_code == 400
    assert "enige organisatiebeheerder" in response.content.decode()


def test_profile_links_to_the_erase_page(user, client):
    client.force_login(user)

    response = client.get(reverse("profile"))

    assert reverse("account_erase") in response.content.decode()


# The administrator, on request


def _admin_with_permission(codename="erase_account"):
    admin = UserFactory(is_staff=True)
    admin.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename=codename),
    )
    return admin


def test_administrator_erases_on_request_and_the_log_names_who_and_when(person, client):
    admin = _admin_with_permission()
    client.force_login(admin)
    url = reverse("training_account_erase", args=[person.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"certificates": "keep", "requested": "on"})

    assert response.status_code == 302
    entry = PrivacyLogEntry.objects.get(action=PrivacyAction.ERASED)
    assert (entry.actor, entry.subject) == (admin, person)
    assert entry.created_at is not None
    assert _traces_left() == []


def test_administrator_must_confirm_the_request(person, client):
    client.force_login(_admin_with_permission())

    response = client.post(
        reverse("training_account_erase", args=[person.pk]), {"certificates": "keep"}
    )

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.erased_at is None


def test_admin_erase_is_refused_without_the_permission(person, client):
    client.force_login(_admin_with_permission(codename="view_outboundemail"))

    response = client.post(
        reverse("training_account_erase", args=[person.pk]),
        {"certificates": "keep", "requested": "on"},
    )

    # Wagtail's admin answers a refusal with a redirect to its dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    person.refresh_from_db()
    assert person.erased_at is None


def test_admin_without_superuser_cannot_erase_a_superuser(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(_admin_with_permission())

    response = client.get(reverse("training_account_erase", args=[superuser.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_user_listing_offers_erase_only_to_those_allowed(person, client):
    url = reverse("training_account_erase", args=[person.pk])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert url in client.get(reverse("wagtailusers_users:index")).content.decode()

    client.force_login(_admin_with_permission(codename="view_user"))
    # listing access without the erase permission
    assert url not in client.get(reverse("wagtailusers_users:index")).content.decode()


def test_register_numbers_go_and_unsent_records_are_withdrawn_when_erased(person):
    assert AttendanceRecord.objects.filter(user=person).count() == 1

    account_erase(user=person, actor=person)

    assert not RegisterNumber.objects.filter(user=person).exists()
    record = AttendanceRecord.objects.get(user=person)
    assert (record.status, record.person_number) == ("withdrawn", "")
    assert "[gewist]" in SendBatch.objects.get().request_body
