"""Large data sets for benchmarks and scale checks (`manage.py seed_bench_data`):
organisations with teams, people, courses, required training, certificates in
every status and started enrolments, written with `bulk_create` in batches.

Everything it makes is recognisable ("Bench" names, @bench.example addresses) and
deterministic (a fixed random seed), so running it again with the same numbers
adds nothing. People are spread evenly over the organisations; the first member
of each organisation is its administrator (`bench-admin-<n>@bench.example`).
Not for production data: it writes rows directly, past the services.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from certificates.models import Certificate
from certificates.models.certificate import certificate_code_new
from courses.models import CourseIndexPage, CoursePage, Enrolment
from organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    RequiredTraining,
    Team,
)
from training.learner_cache import everyone_changed
from training.models import Profession, User

BATCH = 2000
TEAMS_PER_ORGANISATION = 5
SEED = 20250601
UNUSABLE_PASSWORD = make_password(None)


@dataclass(frozen=True)
class SeedResult:
    organisations: int
    people: int
    courses: int
    requirements: int
    certificates: int
    enrolments: int


def bench_courses_ensure(*, count: int) -> list[CoursePage]:
    """`count` published courses "Benchcursus 1..n" (Wagtail pages are made one by
    one; a course needs no lessons for the dashboard)."""
    existing = {
        course.slug: course
        for course in CoursePage.objects.filter(slug__startswith="benchcursus-")
    }
    missing = [n for n in range(1, count + 1) if f"benchcursus-{n}" not in existing]
    if missing:
        catalogue = CourseIndexPage.objects.first()
        if catalogue is None:
            home = Page.objects.filter(depth=2).first()
            if home is None:
                raise RuntimeError("No home page: run load_demo_content first.")
            catalogue = CourseIndexPage(title="Cursussen", slug="cursussen")
            home.add_child(instance=catalogue)
            catalogue.save_revision().publish()
        for n in missing:
            course = CoursePage(
                title=f"Benchcursus {n}",
                slug=f"benchcursus-{n}",
                summary="Cursus voor benchmarks.",
                learning_goals="<p>Meten.</p>",
                validity_months=24,
            )
            catalogue.add_child(instance=course)
            course.save_revision().publish()
            existing[course.slug] = course
    return [existing[f"benchcursus-{n}"] for n in range(1, count + 1)]


def _organisations(count: int) -> list[Organisation]:
    kinds = OrganisationKind.values
    names = [f"Benchorganisatie {n}" for n in range(1, count + 1)]
    have = set(
        Organisation.objects.filter(name__in=names).values_list("name", flat=True)
    )
    Organisation.objects.bulk_create(
        [
            Organisation(name=name, kind=kinds[n % len(kinds)], region="Bench")
            for n, name in enumerate(names)
            if name not in have
        ],
        batch_size=BATCH,
    )
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    return [by_name[name] for name in names]


def _teams(organisations: list[Organisation]) -> dict[int, list[int]]:
    Team.objects.bulk_create(
        [
            Team(organisation=organisation, name=f"Team {t}")
            for organisation in organisations
            for t in range(1, TEAMS_PER_ORGANISATION + 1)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    teams: dict[int, list[int]] = {}
    for team_id, organisation_id in Team.objects.filter(
        organisation__in=organisations, name__startswith="Team "
    ).values_list("pk", "organisation_id"):
        teams.setdefault(organisation_id, []).append(team_id)
    return teams


def _people(count: int, organisations: list[Organisation]) -> list[tuple[int, int]]:
    """(user id, organisation index) for every bench person."""
    professions = Profession.values
    per = max(1, -(-count // len(organisations)))
    users = []
    for n in range(count):
        org_index = n // per
        first = n % per == 0
        email = (
            f"bench-admin-{org_index + 1}@bench.example"
            if first
            else f"bench-{n}@bench.example"
        )
        users.append(
            User(
                email=email,
                first_name=f"Voornaam{n}",
                last_name=f"Achternaam{n:06d}",
                profession=professions[n % len(professions)],
                password=UNUSABLE_PASSWORD,  # bench people sign in by force_login
            )
        )
    for start in range(0, len(users), BATCH):
        User.objects.bulk_create(users[start : start + BATCH], ignore_conflicts=True)
    ids = dict(
        User.objects.filter(email__endswith="@bench.example").values_list("email", "pk")
    )
    return [(ids[user.email], index // per) for index, user in enumerate(users)]


@transaction.atomic
def bench_data_seed(
    *,
    organisations: int,
    people: int,
    courses: int,
    requirements: int,
    certificates: int,
    today: datetime.date | None = None,
) -> SeedResult:
    """See the module docstring. `requirements` per organisation (at most
    `courses`); `certificates` in total, spread over people and their required
    courses, in every status."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - reproducible data, not secrets
    course_pages = bench_courses_ensure(count=courses)
    orgs = _organisations(organisations)
    teams = _teams(orgs)
    members = _people(people, orgs)
    per = max(1, -(-people // len(orgs)))
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=user_id,
                organisation=orgs[org_index],
                team_id=rng.choice(teams[orgs[org_index].pk]),
                role=MembershipRole.ADMIN if n % per == 0 else MembershipRole.LEARNER,
                start_date=today - datetime.timedelta(days=rng.randint(0, 900)),
            )
            for n, (user_id, org_index) in enumerate(members)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    required = course_pages[: min(requirements, courses)]
    have = set(
        RequiredTraining.objects.filter(organisation__in=orgs).values_list(
            "organisation_id", "course_id"
        )
    )
    RequiredTraining.objects.bulk_create(
        [
            RequiredTraining(
                organisation=organisation,
                course=course,
                due_within_days=None if n % 3 == 0 else 30 + 30 * (n % 4),
                due_date=today + datetime.timedelta(days=60 - 40 * n)
                if n % 3 == 0
                else None,
            )
            for organisation in orgs
            for n, course in enumerate(required)
            if (organisation.pk, course.pk) not in have
        ],
        batch_size=BATCH,
    )
    made = _certificates(
        members=[user_id for user_id, _org in members],
        courses=required,
        count=certificates,
        today=today,
        rng=rng,
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                user_id=user_id,
                course=required[n % len(required)],
                source="assigned",
                last_activity_at=timezone.now(),
            )
            for n, (user_id, _org) in enumerate(members)
            if required and n % 3 == 1
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    everyone_changed()  # bulk_create sends no post_save (training.learner_cache)
    return SeedResult(
        organisations=len(orgs),
        people=len(members),
        courses=len(course_pages),
        requirements=RequiredTraining.objects.filter(organisation__in=orgs).count(),
        certificates=made,
        enrolments=len(enrolments),
    )


def _certificates(*, members, courses, count, today, rng) -> int:
    if not courses or not members:
        return 0
    pairs = [(user_id, course) for user_id in members for course in courses]
    pairs = pairs[:count] if count <= len(pairs) else pairs
    rows = []
    made = 0
    for user_id, course in pairs:
        # 60% valid, 15% expiring, 25% expired; issued two years before
        # valid_until, so some predate joining (hidden without consent)
        roll = rng.random()
        if roll < 0.6:
            valid_until = today + datetime.timedelta(days=rng.randint(61, 700))
        elif roll < 0.75:
            valid_until = today + datetime.timedelta(days=rng.randint(0, 60))
        else:
            valid_until = today - datetime.timedelta(days=rng.randint(1, 400))
        issued_on = valid_until - datetime.timedelta(days=730)
        rows.append(
            Certificate(
                user_id=user_id,
                course=course,
                cycle=1,
                code=certificate_code_new(),
                holder_name=f"Bench {user_id}",
                course_title=course.title,
                content_version="bench",
                issued_at=_noon(issued_on),
                issued_on=issued_on,
                valid_until=valid_until,
                score_summary={"schema_version": 1},
                accreditation={"schema_version": 1, "items": []},
            )
        )
        if len(rows) >= BATCH:
            made += len(Certificate.objects.bulk_create(rows, ignore_conflicts=True))
            rows = []
    if rows:
        made += len(Certificate.objects.bulk_create(rows, ignore_conflicts=True))
    return made


def _noon(day: datetime.date) -> datetime.datetime:
    """An issue time on ``day`` in the site's time zone (an expired certificate
    issued now would have been issued after it expired)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
