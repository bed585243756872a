"""The same requests and jobs at demo size and at national size, on one
PostgreSQL database, with the ratio per item (target: within 2x, with the same
query counts).

    python bench/scale.py [--scale 1.0] [--runs 5] [--pg-url URL] [--no-notify]

Everything runs under production settings (manifest static files, tasks queued
in the database). A temporary PostgreSQL database at --pg-url is created,
migrated and loaded with
the demo, and a bench learner gets ten certificates. Every item is measured
(median of --runs after two warm-up runs, in-process with Django's test client:
server time, no network), then `seed_national_data --scale` adds 100,000
learners (times the scale) and everything is measured again:

- the anonymous course page, the bench learner's lesson page, "Mijn
  leeromgeving" (ten certificates) and the verification page by code;
- starting and submitting an attempt at the demo's largest quiz;
- the compliance dashboard of the largest demo organisation, before and after
  (what the national tables cost), and of the 5,000-staff organisation against
  it: first page, a status filter, a search; and the CSV export (time, rows and
  peak Python memory);
- the daily reminder run (time, how many sent, and that a second run sends none);
- the content-change notification for the first course (all its holders);
- the item analysis of the quiz with the most attempts: computed (what the
  background task does) and as the trainers' page reads it (stored).

For each page every SELECT is run again under EXPLAIN, and sequential scans on
the large tables are printed. The database is dropped afterwards.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, bench_env, production_env

LARGE_TABLES = (
    "training_user",
    "organisations_membership",
    "courses_lessoncompletion",
    "courses_enrolment",
    "assessments_attempt",
    "assessments_attemptanswer",
    "scenarios_scenarioattempt",
    "certificates_certificate",
    "certificates_reminderlog",
    "certificates_contentupdatenotice",
)


def _median_ms(fn, runs: int) -> float:
    fn()
    fn()  # warm: templates, content types, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _queries(fn) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return [query["sql"] for query in captured.captured_queries]


def _seq_scans(sqls: list[str]) -> list[str]:
    """Large tables read whole by one of the page's SELECTs."""
    from django.db import connection

    found = set()
    with connection.cursor() as cursor:
        for sql in sqls:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            try:
                cursor.execute("EXPLAIN " + sql)
            except Exception:  # noqa: BLE001, S112 - a query EXPLAIN cannot redo
                continue
            for (line,) in cursor.fetchall():
                if "Seq Scan on" in line:
                    table = line.split("Seq Scan on", 1)[1].split()[0]
                    if table in LARGE_TABLES:
                        found.add(table)
    return sorted(found)


def _peak_mib(fn) -> float:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()


def _learner_with_ten_certificates():
    """A learner enrolled in the demo's five Dutch courses with two cycles of
    certificates in each (the older one expired)."""
    import datetime

    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.models.certificate import certificate_code_new
    from courses.models import CoursePage
    from courses.services import enrolment_create
    from training.models import User

    learner, _ = User.objects.get_or_create(
        email="schaal-leerling@bench.example",
        defaults={"first_name": "Schaal", "last_name": "Leerling"},
    )
    today = timezone.localdate()
    courses = list(
        CoursePage.objects.live().filter(locale__language_code="nl").order_by("path")
    )[:5]
    for course in courses:
        enrolment_create(user=learner, course=course)
        for cycle, valid_until in ((1, today - datetime.timedelta(days=10)), (2, None)):
            valid_until = valid_until or today + datetime.timedelta(days=400)
            issued_on = valid_until - datetime.timedelta(days=730)
            Certificate.objects.get_or_create(
                user=learner,
                course=course,
                cycle=cycle,
                defaults={
                    "code": certificate_code_new(),
                    "holder_name": "Schaal Leerling",
                    "course_title": course.title,
                    "content_version": "bench",
                    "issued_at": timezone.make_aware(
                        datetime.datetime.combine(issued_on, datetime.time(12))
                    ),
                    "issued_on": issued_on,
                    "valid_until": valid_until,
                    "score_summary": {"schema_version": 1},
                    "accreditation": {"schema_version": 1, "items": []},
                },
            )
    return learner, courses


def _largest_organisation():
    from django.db.models import Count

    from organisations.models import Organisation

    return (
        Organisation.objects.annotate(people=Count("memberships"))
        .order_by("-people", "pk")
        .first()
    )


def _manager(organisation):
    from organisations.models import MembershipRole

    manager = (
        organisation.memberships.filter(role=MembershipRole.ADMIN)
        .select_related("user")
        .first()
        .user
    )
    # production settings ask managers for a second factor: give one
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=manager, type=Authenticator.Type.TOTP, defaults={"data": {}}
    )
    return manager


def _quiz_most_attempted():
    from django.db.models import Count

    from assessments.models import QuizPage

    return (
        QuizPage.objects.live()
        .annotate(n=Count("attempts"))
        .order_by("-n", "path")
        .first()
        .specific
    )


def measure(args, learner, courses, organisations) -> dict:
    """Every item once; returns {name: {"ms", "queries", "seq_scans", ...}}."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from assessments.models import QuizPage
    from assessments.selectors import quiz_item_analysis
    from assessments.services.attempts import attempt_start, attempt_submit
    from assessments.services.item_analysis import (
        item_analysis_current,
        item_analysis_refresh,
    )
    from certificates.models import Certificate
    from certificates.services.content_updates import content_change_notify
    from certificates.services.reminders import expiry_reminders_send
    from courses.models import ContentChange, LessonPage
    from courses.services import enrolment_create
    from training.models import User

    results = {}
    behind_proxy = {"X-Forwarded-Proto": "https"}
    anonymous = Client(headers=behind_proxy)
    signed_in = Client(headers=behind_proxy)
    signed_in.force_login(learner)
    course = courses[0]
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    code = Certificate.objects.filter(user=learner).order_by("pk").first().code

    def page(client, url, **params):
        def get():
            response = client.get(url, params)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return response

        return get

    pages = {
        "anonymous course page": page(anonymous, course.url),
        "lesson page (signed in)": page(signed_in, lesson.url),
        "Mijn leeromgeving (10 certificates)": page(
            signed_in, reverse("courses:my_learning")
        ),
        "verification page": page(anonymous, f"/verify/{code}/"),
    }
    for label, organisation in organisations:
        manager = _manager(organisation)
        managing = Client(headers=behind_proxy)
        managing.force_login(manager)
        dashboard = reverse("organisations:dashboard", args=[organisation.pk])
        someone = organisation.memberships.order_by("-pk").first().user.last_name
        pages[f"dashboard, {label}"] = page(managing, dashboard)
        pages[f"dashboard te laat, {label}"] = page(
            managing, dashboard, status="te_laat"
        )
        pages[f"dashboard search, {label}"] = page(managing, dashboard, zoek=someone)
    for name, get in pages.items():
        sqls = _queries(get)
        results[name] = {
            "ms": _median_ms(get, args.runs),
            "queries": len(sqls),
            "seq_scans": _seq_scans(sqls),
        }

    for label, organisation in organisations:
        managing = Client(headers=behind_proxy)
        managing.force_login(_manager(organisation))
        export_url = reverse("organisations:export_csv", args=[organisation.pk])

        def export(managing=managing, export_url=export_url):
            response = managing.get(export_url)
            return sum(chunk.count(b"\n") for chunk in response.streaming_content)

        rows = export() - 1
        results[f"CSV export, {label}"] = {
            "ms": _median_ms(export, max(1, args.runs // 2)),
            "rows": rows,
            "peak_mib": _peak_mib(export),
        }

    quiz = QuizPage.objects.live().descendant_of(course).order_by("path").first()
    if quiz is not None:
        quiz = quiz.specific
        questions = []

        def start_and_submit():
            user = User.objects.create(
                email=f"schaal-quiz-{time.monotonic_ns()}@bench.example"
            )
            enrolment_create(user=user, course=course)
            started = time.perf_counter()
            attempt = attempt_start(user=user, quiz=quiz)
            outcome = attempt_submit(public_id=attempt.public_id, user=user)
            timings.append((time.perf_counter() - started) * 1000)
            questions[:] = outcome.attempt.questions

        timings: list[float] = []
        for _ in range(args.runs + 2):
            start_and_submit()
        results["quiz start and submit"] = {
            "ms": round(statistics.median(timings[2:]), 1),
            "questions": len(questions),
        }

    today = timezone.localdate()
    started = time.perf_counter()
    first = expiry_reminders_send(today=today)
    seconds = time.perf_counter() - started
    second = expiry_reminders_send(today=today)
    results["reminder run"] = {
        "ms": round(seconds * 1000, 1),
        "sent": first.sent,
        "skipped": first.skipped,
        "sent_on_rerun": second.sent,
        "ms_per_sent": round(seconds * 1000 / max(1, first.sent), 1),
    }

    if not args.no_notify:
        revision = course.save_revision()
        change = ContentChange.objects.create(
            course=course, page=course, revision=revision, summary="Schaaltest"
        )
        started = time.perf_counter()
        notices = content_change_notify(change=change)
        seconds = time.perf_counter() - started
        results["content-change notification"] = {
            "ms": round(seconds * 1000, 1),
            "notices": notices,
            "ms_per_notice": round(seconds * 1000 / max(1, notices), 1),
            "holders": Certificate.objects.filter(course=course)
            .values("user")
            .distinct()
            .count(),
        }

    analysed = _quiz_most_attempted()
    results["item analysis"] = {
        "ms": _median_ms(lambda: quiz_item_analysis(quiz=analysed), args.runs),
        "attempts": analysed.attempts.count(),
        "queries": len(_queries(lambda: quiz_item_analysis(quiz=analysed))),
    }
    # the trainers' page reads the stored analysis; the background task has
    # just refreshed it (what it does after new submissions)
    item_analysis_refresh(quiz=analysed)
    results["item analysis page (stored)"] = {
        "ms": _median_ms(lambda: item_analysis_current(quiz=analysed), args.runs),
        "queries": len(_queries(lambda: item_analysis_current(quiz=analysed))),
        "stale": item_analysis_current(quiz=analysed).stale,
    }
    results["_organisations"] = [
        f"{label}: {organisation.name} ({organisation.memberships.count()} people)"
        for label, organisation in organisations
    ]
    return results


def worker(args) -> dict:
    """Runs in a subprocess under production settings whose DATABASE_URL is the
    database under test (tasks are queued in the database, not run inline)."""
    import django

    sys.path.insert(0, str(ROOT))  # the project's apps, not bench/certificates.py
    django.setup()

    from organisations.seed_national import NationalSize, national_data_seed

    learner, courses = _learner_with_ten_certificates()
    # the same demo organisation before and after shows what the national
    # tables cost; the 5,000-staff one is compared with it too
    demo_organisation = _largest_organisation()
    demo = measure(args, learner, courses, [("demo org", demo_organisation)])
    started = time.perf_counter()
    seeded = national_data_seed(size=NationalSize().scaled(args.scale))
    seed_seconds = round(time.perf_counter() - started, 1)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    national = measure(
        args,
        learner,
        courses,
        [("demo org", demo_organisation), ("largest org", _largest_organisation())],
    )
    return {
        "demo": demo,
        "national": national,
        "seeded": str(seeded),
        "seed_seconds": seed_seconds,
        "load": os.getloadavg()[0],
    }


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def _print(report: dict, scale: float) -> None:
    print(f"national data set (scale {scale}): {report['seeded']}")
    print(f"seeded in {report['seed_seconds']} s; load average {report['load']:.1f}")
    demo, national = report["demo"], report["national"]
    for phase in ("demo", "national"):
        print(f"{phase}: " + "; ".join(report[phase].pop("_organisations")))
    print(f"{'item':40} {'demo ms':>9} {'national ms':>12} {'ratio':>6}  details")
    for name, large in national.items():
        # the largest organisation at national size against the demo one
        small = demo.get(name) or demo.get(name.replace("largest org", "demo org"))
        ratio = large.get("ms", 0) / small["ms"] if small.get("ms") else float("nan")
        details = {
            key: (small.get(key), large.get(key))
            for key in sorted(set(small) | set(large))
            if key != "ms"
        }
        flag = "" if ratio <= 2 else "  > 2x"
        print(
            f"{name:40} {small.get('ms', 0):9.1f} {large.get('ms', 0):12.1f} "
            f"{ratio:6.2f}{flag}  {json.dumps(details)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--no-notify", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return
    database = f"bench_scale_{os.getpid()}"
    admin_url = args.pg_url.rsplit("/", 1)[0] + "/postgres"
    _pg_admin(admin_url, f'CREATE DATABASE "{database}"')
    url = args.pg_url.rsplit("/", 1)[0] + f"/{database}"
    try:
        command = [PYTHON, __file__, "--worker"]
        command += ["--scale", str(args.scale), "--runs", str(args.runs)]
        command += ["--no-notify"] if args.no_notify else []
        # the demo refuses production settings (published passwords): loaded
        # under the test settings, then measured under production ones
        for step in (["migrate", "--noinput", "-v0"], ["load_demo_content", "-v0"]):
            subprocess.run(
                [PYTHON, "manage.py", *step],
                cwd=ROOT,
                env=bench_env(url),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        with tempfile.TemporaryDirectory() as tmp:
            env = production_env(url, f"{tmp}/static")
            env["CERTIFICATE_VERIFY_RATE_LIMIT"] = "0"
            subprocess.run(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            completed = subprocess.run(
                command, capture_output=True, text=True, check=False, env=env
            )
        if completed.returncode:
            sys.stderr.write(completed.stderr)
            sys.exit(completed.returncode)
        _print(json.loads(completed.stdout.strip().splitlines()[-1]), args.scale)
    finally:
        _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
