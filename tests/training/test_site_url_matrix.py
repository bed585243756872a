"""Every URL of the site outside the admin × every kind of stranger: each path
in the URLconf is filled with the ids of one demo learner's records (their
organisation, membership, certificate, attempt, invitation) and requested by a
visitor, another learner and another organisation's manager. Never a server
error, and never that learner's email address or (outside the public
verification page) their name. A new view is covered without a change here."""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape

from assessments.models import Attempt, QuizPage
from certificates.models import Certificate, ContentUpdateNotice
from organisations.models import (
    ComplianceExport,
    Invitation,
    Membership,
    RequiredTraining,
    StaffImport,
)
from signalling.models import Signal
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure
from training.models import User

SKIPPED_PREFIXES = ("beheer/", "^beheer")  # the admin has its own sweep
PARAMETER = re.compile(r"\(\?P<(?P<regex_name>\w+)>[^)]*\)|<(?:\w+:)?(?P<name>\w+)>")
# The public verification page shows the holder's name by design (never email).
NAME_IS_PUBLIC = {"certificates:verify"}
OTHER_MANAGER = "teamleider@bijblijven.example"


# The victim's BIG number (issue 15): shown to no one but them, not even their
# own organisation's manager.
BIG_NUMBER = "99988877766"


@dataclass(frozen=True)
class Victim:
    user: User
    urls: list[tuple[str, str]]  # (url, url name)
    manager: User | None = None


def _patterns(patterns, prefix="", namespace="") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), inner
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}"


def _pk(queryset, fallback: str = "1") -> str:
    found = queryset.order_by("pk").first()
    return fallback if found is None else str(found.pk)


def _values(victim: User, membership: Membership) -> dict[str, str]:
    """Path parameters by name, filled with the victim's records."""
    organisation = membership.organisation
    certificate = Certificate.objects.filter(user=victim).order_by("pk").first()
    attempt = Attempt.objects.filter(user=victim).order_by("pk").first()
    invitation = Invitation.objects.filter(organisation=organisation).first()
    return {
        "organisation_id": str(organisation.pk),
        "membership_id": str(membership.pk),
        "export_id": _pk(ComplianceExport.objects.filter(organisation=organisation)),
        "import_id": _pk(StaffImport.objects.filter(organisation=organisation)),
        "invitation_id": str(invitation.pk) if invitation else "1",
        "token": invitation.token if invitation else "x" * 43,
        "requirement_id": _pk(
            RequiredTraining.objects.filter(organisation=organisation)
        ),
        "quiz_id": _pk(QuizPage.objects.all()),
        "public_id": str(attempt.public_id if attempt else uuid.uuid4()),
        "signal_id": _pk(Signal.objects.all()),
        "code": certificate.code if certificate else "ZZZZ-ZZZZ-ZZZZ-ZZZZ",
        "notice_id": _pk(ContentUpdateNotice.objects.filter(certificate=certificate)),
    }


def _url(route: str, values: dict[str, str]) -> str:
    def fill(match) -> str:
        name = match.group("regex_name") or match.group("name")
        return values.get(name, "1")

    path = PARAMETER.sub(fill, route).replace("^", "").replace("$", "")
    return "/" + path.replace("\\", "")


@pytest.fixture(scope="module")
def victim(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            wagtail_tree_ensure()  # a transactional test may have emptied it
            call_command("load_demo_content", stdout=StringIO())
            membership = (
                Membership.objects.filter(
                    user__certificates__isnull=False, role="learner"
                )
                .exclude(organisation__memberships__user__email=OTHER_MANAGER)
                .select_related("user", "organisation")
                .order_by("pk")
                .first()
            )
            _register_number_give(membership.user)
            own_manager = (
                Membership.objects.active()
                .managing()
                .filter(organisation=membership.organisation)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            values = _values(membership.user, membership)
            urls = [
                (_url(route, values), name)
                for route, name in _patterns(get_resolver().url_patterns)
                if not route.startswith(SKIPPED_PREFIXES)
            ]
            yield Victim(
                user=membership.user,
                urls=urls,
                manager=own_manager.user if own_manager else None,
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _register_number_give(user: User) -> None:
    """A BIG number with consent, and an attendance record for a certificate."""
    from registers.models import Register
    from registers.services.numbers import register_number_save
    from tests.factories.registers import CourseAccreditationFactory

    gaia = Register.objects.get(code="gaia")
    certificate = Certificate.objects.filter(user=user).order_by("pk").first()
    if (
        certificate is not None
        and not certificate.course.accreditations.filter(register=gaia).exists()
    ):
        CourseAccreditationFactory(
            course=certificate.course,
            register=gaia,
            valid_from=certificate.issued_on,
            valid_until=certificate.issued_on,
        )
    register_number_save(user=user, register=gaia, number=BIG_NUMBER, consent=True)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _stranger(kind: str) -> User | None:
    if kind == "visitor":
        return None
    if kind == "learner":
        return UserFactory()
    return User.objects.get(email=OTHER_MANAGER)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["visitor", "learner", "other_manager"])
def test_no_site_url_fails_or_shows_a_learner_to_a_stranger(victim, kind):
    stranger = _stranger(kind)
    client = Client(raise_request_exception=False)
    if stranger is not None:
        client.force_login(stranger)
    email, name = victim.user.email, victim.user.get_full_name()
    problems = []
    for url, url_name in victim.urls:
        response = client.get(url)
        body = _body(response)
        if response.status_code >= 500:
            problems.append(f"{url} ({url_name}): {response.status_code}")
        shown = {email} if url_name in NAME_IS_PUBLIC else {email, name}
        shown.add(BIG_NUMBER)
        for text in shown:
            if text in body or escape(text) in body:
                problems.append(f"{url} ({url_name}) shows {text!r}")
    assert len(victim.urls) > 40  # the URLconf was read, not skipped
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_no_site_url_shows_a_learners_big_number_to_their_own_manager(victim):
    """Their manager sees their name and certificates, never their BIG number."""
    from registers.models import AttendanceRecord

    assert victim.manager is not None
    assert AttendanceRecord.objects.filter(user=victim.user).exists()
    client = Client(raise_request_exception=False)
    client.force_login(victim.manager)
    problems = []
    for url, url_name in victim.urls:
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url} ({url_name}): {response.status_code}")
        if BIG_NUMBER in _body(response):
            problems.append(f"{url} ({url_name}) shows the BIG number")
    assert not problems, "\n".join(problems)
