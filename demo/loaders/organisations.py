"""Demo organisations: a GP practice managed by the demo manager and a police
team with its own manager, each with members in every compliance status (geldig,
verloopt binnenkort, verlopen, te laat, niet begonnen, bezig, certificaat aanwezig
maar nog niet gedeeld). Idempotent: people,
memberships, requirements and certificates are looked up before they are made,
so a second run adds nothing. Dates are relative to the first run."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services.issue import certificate_create
from courses.models import CoursePage, Enrolment, LessonPage
from courses.selectors import course_list_sources
from courses.services import enrolment_create, lesson_complete
from demo.accounts import DEMO_PASSWORD
from organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    RequiredTraining,
    Team,
)
from organisations.services.memberships import membership_join
from training.models import Profession, User

POLICE_MANAGER = "teamleider@bijblijven.example"
MAIN_COURSE = "3-mmc-en-nps"
SECOND_COURSE = "gespreksvaardigheden"


# Days before the first run that each person joined: certificates predate
# nothing that needs consent, except "niet_gedeeld"'s (earned before joining,
# not shared); "te laat" joined 60 days ago with 30 days to finish.
JOINED_DAYS_AGO = {
    "geldig": 1100,
    "binnenkort": 1100,
    "verlopen": 1100,
    "te_laat": 60,
    "niet_begonnen": 5,
    "bezig": 10,
    "niet_gedeeld": 20,
}


@dataclass(frozen=True)
class Person:
    login: str  # before the @
    first_name: str
    last_name: str
    team: str
    status: str  # a key of JOINED_DAYS_AGO


GP_PEOPLE = (
    Person("h.bakker", "Hanna", "Bakker", "Artsen", "geldig"),
    Person("m.visser", "Mohamed", "Visser", "Artsen", "binnenkort"),
    Person("l.smit", "Lotte", "Smit", "Artsen", "verlopen"),
    Person("j.meijer", "Jeroen", "Meijer", "Praktijkondersteuning", "te_laat"),
    Person("a.mulder", "Anouk", "Mulder", "Praktijkondersteuning", "niet_begonnen"),
    Person("d.bos", "Daan", "Bos", "Assistentes", "bezig"),
    Person("s.dejong", "Sanne", "de Jong", "Artsen", "niet_gedeeld"),
)
POLICE_PEOPLE = (
    Person("r.dekker", "Rachid", "Dekker", "Noodhulp", "geldig"),
    Person("s.kok", "Sophie", "Kok", "Noodhulp", "binnenkort"),
    Person("t.peters", "Tim", "Peters", "Wijkagenten", "verlopen"),
    Person("e.hendriks", "Eva", "Hendriks", "Wijkagenten", "te_laat"),
    Person("b.vandijk", "Bas", "van Dijk", "Noodhulp", "niet_begonnen"),
    Person("f.yildiz", "Fatma", "Yıldız", "Wijkagenten", "bezig"),
    Person("n.boukhari", "Nadia", "Boukhari", "Noodhulp", "niet_gedeeld"),
)


def _user(email: str, first_name: str, last_name: str, profession: str) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "profession": profession,
        },
    )
    if created:  # hashing is slow by design: only for new accounts
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _organisation(name: str, kind: str, region: str, teams: list[str]):
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "region": region}
    )
    by_name = {}
    for team_name in teams:
        by_name[team_name], _ = Team.objects.get_or_create(
            organisation=organisation, name=team_name
        )
    return organisation, by_name


def _require(organisation, course, **due) -> None:
    if not RequiredTraining.objects.filter(
        organisation=organisation, course=course
    ).exists():
        RequiredTraining.objects.create(organisation=organisation, course=course, **due)


def _member(organisation, user, *, team=None, role=MembershipRole.LEARNER, joined):
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        membership = membership_join(
            user=user, organisation=organisation, team=team, role=role, today=joined
        )
    return membership


def _status_ensure(person: Person, user: User, course: CoursePage, today) -> None:
    if person.status in ("te_laat", "niet_begonnen"):
        return
    if person.status == "bezig":
        enrolment_create(user=user, course=course, source="assigned")
        first = LessonPage.objects.live().descendant_of(course).order_by("path").first()
        if first is not None:
            lesson_complete(user=user, lesson=first)
        return
    if Certificate.objects.filter(user=user, course=course).exists():
        return
    enrolment = enrolment_create(user=user, course=course, source="assigned")
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=timezone.now())
    valid_until = {
        "geldig": today + datetime.timedelta(days=500),
        "niet_gedeeld": today + datetime.timedelta(days=500),
        "binnenkort": today + datetime.timedelta(days=25),
        "verlopen": today - datetime.timedelta(days=12),
    }[person.status]
    issued_on = valid_until - datetime.timedelta(days=730)
    certificate_create(
        user=user,
        course=course,
        cycle=enrolment.cycle,
        issued_at=timezone.make_aware(
            datetime.datetime.combine(issued_on, datetime.time(10))
        ),
        valid_until=valid_until,
    )


def _staff(organisation, teams, people, *, domain, professions, course, today):
    for person in people:
        user = _user(
            f"{person.login}@{domain}",
            person.first_name,
            person.last_name,
            professions.get(person.team, Profession.ANDERS),
        )
        joined = today - datetime.timedelta(days=JOINED_DAYS_AGO[person.status])
        _member(organisation, user, team=teams[person.team], joined=joined)
        _status_ensure(person, user, course, today)


@transaction.atomic
def organisations_load() -> str:
    """Create or complete the demo organisations; returns a line for the log."""
    today = timezone.localdate()
    courses = list(
        course_list_sources().live().filter(slug__in=[MAIN_COURSE, SECOND_COURSE])
    )
    courses.sort(key=lambda c: c.slug != MAIN_COURSE)
    if not courses:
        return "Demo organisations skipped: the demo courses are missing."
    practice, gp_teams = _organisation(
        "Huisartsenpraktijk De Linde",
        OrganisationKind.HUISARTSENPRAKTIJK,
        "Zwolle (IJsselland)",
        ["Artsen", "Praktijkondersteuning", "Assistentes"],
    )
    police, police_teams = _organisation(
        "Politie Oost-Nederland, team Zwolle",
        OrganisationKind.POLITIE,
        "Oost-Nederland",
        ["Noodhulp", "Wijkagenten"],
    )
    for organisation in (practice, police):
        _require(organisation, courses[0], due_within_days=30)
    if len(courses) > 1:
        _require(practice, courses[1], due_date=today + datetime.timedelta(days=90))
    gp_manager = User.objects.get(email="manager@bijblijven.example")
    _member(practice, gp_manager, role=MembershipRole.ADMIN, joined=today)
    police_manager = _user(POLICE_MANAGER, "Karim", "El Amrani", Profession.POLITIE)
    _member(police, police_manager, role=MembershipRole.ADMIN, joined=today)
    learner = User.objects.filter(email="leerling@bijblijven.example").first()
    if learner is not None:
        _member(practice, learner, team=gp_teams["Artsen"], joined=today)
    _staff(
        practice,
        gp_teams,
        GP_PEOPLE,
        domain="delinde.example",
        professions={"Artsen": Profession.HUISARTS},
        course=courses[0],
        today=today,
    )
    _staff(
        police,
        police_teams,
        POLICE_PEOPLE,
        domain="politie.example",
        professions={"Noodhulp": Profession.POLITIE, "Wijkagenten": Profession.POLITIE},
        course=courses[0],
        today=today,
    )
    return (
        f"Organisations: {practice.name} (manager@bijblijven.example) and "
        f"{police.name} ({POLICE_MANAGER}), each with members in every status."
    )
