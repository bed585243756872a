"""A national-size data set on top of the demo courses (`manage.py
seed_national_data`), for `bench/scale.py`: 1,000 organisations (the largest with
5,000 staff), 100,000 learners, lesson completions, quiz and scenario attempts
with answers, certificates over three cycles in every status, and reminders
already sent for half of them. `scale` shrinks every number (0.01 for a test).

The demo must be loaded first: the learners follow its real lessons, quizzes and
scenarios. One attempt per quiz and scenario is made through the services (real
snapshots and states) and then copied for everyone else with `bulk_create`, so a
run takes minutes, not hours. Everything is recognisable (`@national.example`,
"Landelijke organisatie") and a second run adds nothing. Not for production data.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, QuizPage
from assessments.scenarios.models import ScenarioAttempt, ScenarioPage
from certificates.models import Certificate, ReminderLog
from certificates.models.certificate import certificate_code_new
from courses.models import CoursePage, Enrolment, LessonCompletion, LessonPage
from organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    RequiredTraining,
    Team,
)
from organisations.seed import UNUSABLE_PASSWORD, bench_courses_ensure
from training.learner_cache import everyone_changed
from training.models import Profession, User

BATCH = 5000
SEED = 20261206
DOMAIN = "national.example"
ORGANISATION_PREFIX = "Landelijke organisatie"
LARGEST_EXTRA_COURSES = 5  # the 5,000-staff organisation requires ten courses


@dataclass(frozen=True)
class NationalSize:
    organisations: int = 1000
    people: int = 100_000
    largest: int = 5000
    lesson_completions: int = 1_000_000
    quiz_attempts: int = 300_000
    scenario_attempts: int = 50_000
    certificates: int = 200_000

    def scaled(self, factor: float) -> NationalSize:
        return NationalSize(
            **{
                name: max(1, round(getattr(self, name) * factor))
                for name in self.__dataclass_fields__
            }
        )


@dataclass
class NationalResult:
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{value} {name}" for name, value in self.counts.items())


def national_data_seed(
    *, size: NationalSize, today: datetime.date | None = None
) -> NationalResult:
    """See the module docstring. Returns how many rows of each kind were added."""
    if User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        return NationalResult()
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - reproducible data, not secrets
    courses = list(
        CoursePage.objects.live()
        .filter(locale__language_code="nl")
        .exclude(slug__startswith="benchcursus-")
        .order_by("path")[:5]
    )
    if not courses:
        raise RuntimeError("No demo courses: run load_demo_content first.")
    result = NationalResult()
    with transaction.atomic():
        user_ids, org_of_user, orgs = _people(size, rng, today, result)
        _requirements(orgs, courses, result)
        _enrolments(user_ids, courses, result)
    with transaction.atomic():
        _lesson_completions(user_ids, courses, size, result)
    with transaction.atomic():
        _quiz_attempts(user_ids, courses, size, rng, result)
    with transaction.atomic():
        _scenario_attempts(user_ids, courses, size, rng, result)
    with transaction.atomic():
        _certificates(user_ids, courses, size, rng, today, result)
    everyone_changed()  # bulk_create sends no post_save (training.learner_cache)
    return result


def _people(size, rng, today, result):
    kinds = OrganisationKind.values
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{ORGANISATION_PREFIX} {n}",
                kind=kinds[n % len(kinds)],
                region="Landelijk",
            )
            for n in range(1, size.organisations + 1)
        ],
        batch_size=BATCH,
    )
    # the first organisation has `largest` staff; the others share the rest
    rest = max(0, size.people - size.largest)
    others = max(1, size.organisations - 1)
    sizes = [min(size.largest, size.people)] + [
        rest // others + (1 if n < rest % others else 0) for n in range(others)
    ]
    teams_by_org = {}
    team_rows = []
    for org, staff in zip(orgs, sizes, strict=False):
        team_rows += [
            Team(organisation=org, name=f"Team {t}")
            for t in range(1, max(2, staff // 100) + 1)
        ]
    for team in Team.objects.bulk_create(team_rows, batch_size=BATCH):
        teams_by_org.setdefault(team.organisation_id, []).append(team.pk)
    professions = Profession.values
    users = []
    org_of_user = []
    for org_index, staff in enumerate(sizes[: len(orgs)]):
        for member in range(staff):
            n = len(users)
            users.append(
                User(
                    email=f"nat-{org_index + 1}-{member}@{DOMAIN}",
                    first_name=f"Voornaam{n}",
                    last_name=f"Achternaam{n:06d}",
                    profession=professions[n % len(professions)],
                    password=UNUSABLE_PASSWORD,
                )
            )
            org_of_user.append(org_index)
    User.objects.bulk_create(users, batch_size=BATCH)
    ids = dict(
        User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", "pk")
    )
    user_ids = [ids[user.email] for user in users]
    memberships = []
    for n, (user_id, org_index) in enumerate(zip(user_ids, org_of_user, strict=True)):
        org = orgs[org_index]
        first = n == 0 or org_of_user[n - 1] != org_index
        memberships.append(
            Membership(
                user_id=user_id,
                organisation=org,
                team_id=rng.choice(teams_by_org[org.pk]),
                role=MembershipRole.ADMIN if first else MembershipRole.LEARNER,
                start_date=today - datetime.timedelta(days=rng.randint(0, 900)),
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    result.counts.update(
        organisations=len(orgs),
        teams=len(team_rows),
        people=len(users),
        memberships=len(memberships),
    )
    return user_ids, org_of_user, orgs


def _requirements(orgs, courses, result):
    rows = [
        RequiredTraining(organisation=org, course=course, due_within_days=90)
        for org in orgs
        for course in courses
    ]
    extra = bench_courses_ensure(count=LARGEST_EXTRA_COURSES)
    rows += [
        RequiredTraining(organisation=orgs[0], course=course, due_within_days=90)
        for course in extra
    ]
    RequiredTraining.objects.bulk_create(rows, batch_size=BATCH)
    result.counts["required trainings"] = len(rows)


def _enrolments(user_ids, courses, result):
    now = timezone.now()
    rows = [
        Enrolment(
            user_id=user_id,
            course=courses[(n + k) % len(courses)],
            source="assigned",
            last_activity_at=now,
        )
        for n, user_id in enumerate(user_ids)
        for k in range(2)
    ]
    Enrolment.objects.bulk_create(rows, batch_size=BATCH)
    result.counts["enrolments"] = len(rows)


def _lessons_by_course(courses):
    return {
        course.pk: list(
            LessonPage.objects.live().descendant_of(course).values_list("pk", flat=True)
        )
        for course in courses
    }


def _lesson_completions(user_ids, courses, size, result):
    """Each learner's two enrolled courses, lesson by lesson, until the total."""
    lessons = _lessons_by_course(courses)
    per_user = -(-size.lesson_completions // len(user_ids))
    rows, made = [], 0
    for n, user_id in enumerate(user_ids):
        done = 0
        for k in range(2):
            course = courses[(n + k) % len(courses)]
            for lesson_id in lessons[course.pk]:
                if done >= per_user or made + len(rows) >= size.lesson_completions:
                    break
                rows.append(
                    LessonCompletion(
                        user_id=user_id, lesson_id=lesson_id, course=course, cycle=1
                    )
                )
                done += 1
        if len(rows) >= BATCH:
            made += len(LessonCompletion.objects.bulk_create(rows))
            rows = []
    made += len(LessonCompletion.objects.bulk_create(rows))
    result.counts["lesson completions"] = made


def _template_user(name: str) -> User:
    user, _ = User.objects.get_or_create(
        email=f"{name}@{DOMAIN}",
        defaults={"first_name": "Sjabloon", "last_name": name},
    )
    return user


def _quiz_attempts(user_ids, courses, size, rng, result):
    """One real attempt per quiz (started and submitted by the services), copied
    for the learners; each copied answer right or wrong at random."""
    from assessments.services.attempts import attempt_start, attempt_submit
    from assessments.services.errors import AttemptRefused
    from courses.services import enrolment_create

    quizzes = [
        quiz
        for course in courses
        for quiz in QuizPage.objects.live().descendant_of(course).specific()
    ]
    templates = []
    for quiz in quizzes:
        user = _template_user(f"quiz-{quiz.pk}")
        enrolment_create(user=user, course=CoursePage.objects.ancestor_of(quiz).last())
        try:
            attempt = attempt_start(user=user, quiz=quiz)
        except AttemptRefused:  # a quiz without enough questions: not copied
            continue
        attempt = attempt_submit(public_id=attempt.public_id, user=user).attempt
        templates.append((attempt, list(attempt.answers.order_by("index"))))
    made = answers = 0
    if not templates:
        result.counts["quiz attempts"] = 0
        return
    started = timezone.now() - datetime.timedelta(days=30)
    for start in range(0, size.quiz_attempts, BATCH):
        attempts, rows = [], []
        for n in range(start, min(start + BATCH, size.quiz_attempts)):
            template, template_answers = templates[n % len(templates)]
            user_id = user_ids[(n // len(templates)) % len(user_ids)]
            number = n // (len(templates) * len(user_ids)) + 1
            right = [rng.random() < 0.7 for _ in template_answers]
            score = sum(right) / len(right) if right else 0.0
            attempts.append(
                Attempt(
                    public_id=uuid.uuid4(),
                    user_id=user_id,
                    quiz_id=template.quiz_id,
                    course_id=template.course_id,
                    cycle=1,
                    number=number,
                    revision_id=template.revision_id,
                    pass_mark=template.pass_mark,
                    snapshot=template.snapshot,
                    responses={},
                    status=template.status,
                    started_at=started,
                    submitted_at=started + datetime.timedelta(minutes=10),
                    score=score,
                    passed=score >= template.pass_mark,
                )
            )
            rows.append((template_answers, right))
        Attempt.objects.bulk_create(attempts)
        answer_rows = [
            AttemptAnswer(
                attempt=attempt,
                index=answer.index,
                question_id=answer.question_id,
                question_version=answer.question_version,
                answer=answer.answer,
                saved_at=attempt.submitted_at,
                seconds=20,
                score=1.0 if is_right else 0.0,
                is_correct=is_right,
                feedback=[],
            )
            for attempt, (template_answers, right) in zip(attempts, rows, strict=True)
            for answer, is_right in zip(template_answers, right, strict=True)
        ]
        AttemptAnswer.objects.bulk_create(answer_rows, batch_size=BATCH)
        made += len(attempts)
        answers += len(answer_rows)
    result.counts["quiz attempts"] = made
    result.counts["quiz answers"] = answers


def _scenario_attempts(user_ids, courses, size, rng, result):
    """One real attempt per scenario (started by the services), copied as
    finished play-throughs with a score."""
    from assessments.scenarios.services import attempt_start
    from courses.services import enrolment_create

    templates = []
    for course in courses:
        for page in ScenarioPage.objects.live().descendant_of(course).specific():
            user = _template_user(f"scenario-{page.pk}")
            enrolment_create(user=user, course=course)
            templates.append(attempt_start(user=user, page=page))
    if not templates:
        result.counts["scenario attempts"] = 0
        return
    finished = timezone.now() - datetime.timedelta(days=20)
    rows = []
    for n in range(size.scenario_attempts):
        template = templates[n % len(templates)]
        score = rng.random()
        rows.append(
            ScenarioAttempt(
                user_id=user_ids[(n // len(templates)) % len(user_ids)],
                page_id=template.page_id,
                version_id=template.version_id,
                cycle=1,
                number=n // (len(templates) * len(user_ids)) + 1,
                profession=template.profession,
                status="submitted",
                state=template.state,
                step=template.step,
                moves=5,
                score=score,
                passed=score >= 0.6,
                finished_at=finished,
            )
        )
    ScenarioAttempt.objects.bulk_create(rows, batch_size=BATCH)
    result.counts["scenario attempts"] = len(rows)


def _certificates(user_ids, courses, size, rng, today, result):
    """Every learner holds the first course (a third of them over three cycles);
    the rest go to the second course. The latest cycle is valid (60%), expiring
    (15%), expired (20%) or revoked (5%); earlier cycles have expired. Reminders
    are logged for every other certificate."""
    pairs = []  # (user id, course, cycles)
    three = min(len(user_ids), max(0, size.certificates - len(user_ids)) // 3)
    for n, user_id in enumerate(user_ids):
        pairs.append((user_id, courses[0], 3 if n < three else 1))
    total = sum(cycles for _u, _c, cycles in pairs)
    second = courses[1 % len(courses)]
    for user_id in user_ids[three:]:
        if total >= size.certificates:
            break
        pairs.append((user_id, second, 1))
        total += 1
    now = timezone.now()
    made = reminders = 0
    rows = []

    def flush():
        nonlocal made, reminders, rows
        Certificate.objects.bulk_create(rows)
        ReminderLog.objects.bulk_create(
            [
                ReminderLog(
                    certificate=certificate,
                    offset=30,
                    sent_at=now,
                    recipients="learner",
                )
                for certificate in rows[::2]
            ]
        )
        made += len(rows)
        reminders += len(rows[::2])
        rows = []

    for user_id, course, cycles in pairs:
        for cycle in range(1, cycles + 1):
            latest = cycle == cycles
            roll = rng.random() if latest else 0.9
            if roll < 0.6:
                valid_until = today + datetime.timedelta(days=rng.randint(61, 700))
            elif roll < 0.75:
                valid_until = today + datetime.timedelta(days=rng.randint(0, 60))
            else:
                valid_until = today - datetime.timedelta(
                    days=rng.randint(1, 300) + 730 * (cycles - cycle)
                )
            issued_on = valid_until - datetime.timedelta(days=730)
            revoked = latest and roll >= 0.95
            rows.append(
                Certificate(
                    user_id=user_id,
                    course=course,
                    cycle=cycle,
                    code=certificate_code_new(),
                    holder_name=f"Landelijk {user_id}",
                    course_title=course.title,
                    content_version="national",
                    issued_at=timezone.make_aware(
                        datetime.datetime.combine(issued_on, datetime.time(12))
                    ),
                    issued_on=issued_on,
                    valid_until=valid_until,
                    score_summary={"schema_version": 1},
                    accreditation={"schema_version": 1, "items": []},
                    revoked_at=now if revoked else None,
                    revocation_reason="Bench" if revoked else "",
                )
            )
        if len(rows) >= BATCH:
            flush()
    flush()
    result.counts["certificates"] = made
    result.counts["reminders"] = reminders
