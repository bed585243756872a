"""Boundaries: every manager URL refuses a manager of another organisation and a
plain learner (404, no data, nothing changed), administrators' actions refuse
managers, and managers never see reflection answers, essay answers or scenario
transcripts."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from courses.models import ReflectionAnswer
from courses.services import enrolment_create
from organisations.models import (
    AuditLog,
    ComplianceExport,
    Invitation,
    JobStatus,
    Membership,
    ReminderLog,
    RequiredTraining,
    StaffImport,
    Team,
)
from tests.factories.organisations import (
    MembershipFactory,
    TeamFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
SECRET = "Geheim-antwoord-7Q"


@pytest.fixture
def setup(organisation, other_organisation, course_tree):
    requirement = requirement_create(organisation, course_tree.course)
    member = MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="lid-van-de-linde@example.org"),
        start_date=timezone.localdate() - datetime.timedelta(days=60),
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        kind="email",
        email="uitgenodigd@example.org",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    return {
        "requirement": requirement,
        "member": member,
        "invitation": invitation,
        "team": TeamFactory(organisation=organisation, name="Linde-team"),
        "export": ComplianceExport.objects.create(
            organisation=organisation,
            status=JobStatus.DONE,
            file=ContentFile(b"lid-van-de-linde", name="exports/x.xlsx"),
            filename="x.xlsx",
            expires_at=timezone.now() + datetime.timedelta(hours=1),
        ),
        "staff_import": StaffImport.objects.create(
            organisation=organisation,
            status=JobStatus.FAILED,
            digest="0" * 64,
            rows=[],
        ),
    }


def manager_urls(organisation, setup):
    org = organisation.pk
    member = setup["member"].pk
    export = setup["export"].pk
    staff_import = setup["staff_import"].pk
    return [
        ("get", reverse("organisations:dashboard", args=[org])),
        ("get", reverse("organisations:export_csv", args=[org])),
        ("post", reverse("organisations:export_xlsx", args=[org])),
        ("get", reverse("organisations:export_status", args=[org, export])),
        ("get", reverse("organisations:export_download", args=[org, export])),
        ("get", reverse("organisations:import_status", args=[org, staff_import])),
        ("post", reverse("organisations:import_resume", args=[org, staff_import])),
        ("get", reverse("organisations:certificates_zip", args=[org])),
        ("post", reverse("organisations:remind", args=[org])),
        ("get", reverse("organisations:person", args=[org, member])),
        ("post", reverse("organisations:person_change", args=[org, member])),
        ("post", reverse("organisations:person_end", args=[org, member])),
        ("get", reverse("organisations:invite", args=[org])),
        ("post", reverse("organisations:invite", args=[org])),
        (
            "post",
            reverse(
                "organisations:invitation_revoke",
                args=[org, setup["invitation"].pk],
            ),
        ),
        ("get", reverse("organisations:import", args=[org])),
        ("post", reverse("organisations:import", args=[org])),
        ("get", reverse("organisations:requirements", args=[org])),
        ("post", reverse("organisations:requirements", args=[org])),
        (
            "post",
            reverse(
                "organisations:requirement_remove",
                args=[org, setup["requirement"].pk],
            ),
        ),
        ("get", reverse("organisations:teams", args=[org])),
        ("post", reverse("organisations:teams", args=[org])),
    ]


POST_DATA = {
    "wie": "te-laat",
    "leden": ["1", "2", "3"],
    "role": "admin",
    "team": "",
    "email-email": "x@example.org",
    "email-days": "3",
    "name": "Nieuw team",
    "audience": "everyone",
    "due_within_days": "3",
}


def state():
    return (
        Membership.objects.filter(end_date__isnull=True).count(),
        list(Membership.objects.values_list("role", flat=True).order_by("pk")),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
        RequiredTraining.objects.count(),
        Team.objects.count(),
        ReminderLog.objects.count(),
        AuditLog.objects.count(),
        list(StaffImport.objects.values_list("status", flat=True)),
        ComplianceExport.objects.count(),
    )


def check_refused(client, organisation, setup):
    before = state()
    for method, url in manager_urls(organisation, setup):
        response = getattr(client, method)(url, POST_DATA)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        assert b"lid-van-de-linde" not in body
        assert organisation.name.encode() not in body
    assert state() == before


def test_manager_of_another_organisation_gets_404_when_visiting(
    client, organisation, other_organisation, setup
):
    client.force_login(manager_create(other_organisation))
    check_refused(client, organisation, setup)


def test_plain_learner_of_the_organisation_gets_404_when_visiting(
    client, organisation, setup
):
    client.force_login(setup["member"].user)
    check_refused(client, organisation, setup)


def test_learner_without_organisation_gets_404_when_visiting(
    client, organisation, setup
):
    client.force_login(UserFactory())
    check_refused(client, organisation, setup)


def test_former_manager_gets_404_when_the_membership_ended(client, organisation, setup):
    former = MembershipFactory(
        organisation=organisation,
        role="manager",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(former.user)
    check_refused(client, organisation, setup)


def test_anonymous_visitor_is_sent_to_login_when_visiting(client, organisation, setup):
    for method, url in manager_urls(organisation, setup):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert reverse("account_login") in response["Location"]


def test_manager_cannot_do_what_only_administrators_do_when_trying(
    client, organisation, setup
):
    client.force_login(manager_create(organisation, admin=False))
    org = organisation.pk
    member = setup["member"].pk
    before = state()
    for url in (
        reverse("organisations:person_change", args=[org, member]),
        reverse("organisations:person_end", args=[org, member]),
        reverse(
            "organisations:requirement_remove", args=[org, setup["requirement"].pk]
        ),
    ):
        assert client.post(url, POST_DATA).status_code == 404
    assert (
        client.post(
            reverse("organisations:requirements", args=[org]), POST_DATA
        ).status_code
        == 200
    )
    assert (
        client.post(reverse("organisations:teams", args=[org]), POST_DATA).status_code
        == 200
    )
    assert state() == before
    assert client.get(reverse("organisations:dashboard", args=[org])).status_code == 200


def test_person_of_another_organisation_is_404_for_a_manager_when_guessed(
    manager_client, organisation, other_organisation, setup
):
    foreign = MembershipFactory(organisation=other_organisation)
    url = reverse("organisations:person", args=[organisation.pk, foreign.pk])
    assert manager_client.get(url).status_code == 404


def test_consent_page_is_404_when_not_a_member(client, organisation, setup):
    client.force_login(UserFactory())
    url = reverse("organisations:consent", args=[organisation.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def private_answers(setup, course_tree):
    """A member who wrote a reflection, an essay and played a scenario."""
    from assessments.models import AttemptAnswer
    from assessments.scenarios.services import attempt_start, choice_submit
    from assessments.services.attempts import attempt_start as quiz_start
    from tests.factories.assessments import (
        category_create,
        question_create,
        quiz_create,
    )
    from tests.factories.scenarios import scenario_page_create

    user = setup["member"].user
    essay = question_create(category=category_create(), type="essay")
    quiz = quiz_create(course_tree.modules[0], questions=[essay], title="Essaytoets")
    scenario = scenario_page_create(course_tree.modules[1], title="Oefengesprek Sem")
    enrolment_create(user=user, course=course_tree.course)
    ReflectionAnswer.objects.create(
        user=user,
        lesson=course_tree.lessons[0],
        block_id="b1",
        question="Wat vond u?",
        text=f"Reflectie {SECRET}",
    )
    attempt = quiz_start(user=user, quiz=quiz)
    AttemptAnswer.objects.filter(attempt=attempt).update(
        answer={"text": f"Essay {SECRET}"}
    )
    play = attempt_start(user=user, page=scenario)
    choice_submit(
        user=user,
        page=scenario,
        attempt_id=play.pk,
        step=play.step,
        moves=play.moves,
        choice="c1",
    )
    return user


def test_managers_never_see_answers_or_transcripts_when_viewing_a_person(
    manager_client,
    organisation,
    setup,
    private_answers,
    django_capture_on_commit_callbacks,
):
    org = organisation.pk
    with django_capture_on_commit_callbacks(execute=True):
        status = manager_client.post(reverse("organisations:export_xlsx", args=[org]))
    pages = [
        reverse("organisations:person", args=[org, setup["member"].pk]),
        reverse("organisations:dashboard", args=[org]),
        reverse("organisations:export_csv", args=[org]),
        status.url,
        f"{status.url}download/",
    ]
    for url in pages:
        response = manager_client.get(url)
        assert response.status_code == 200
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        text = body.decode("utf-8", errors="ignore")
        assert SECRET not in text
        assert "Vertel eens meer" not in text  # the scenario choice made
        assert "Goed: een open vraag" not in text  # its feedback
        assert "Kunt u me iets voorschrijven" not in text  # the step text
    person = manager_client.get(pages[0]).content.decode()
    assert "Essaytoets" in person  # pass/fail per assessment is fine
    assert "nog niet gehaald" in person
