"""The same requests and jobs at demo size and at national size, on
PostgreSQL, with the ratio per item (target: within 2x, with the same query
counts).

    python bench/scale.py [--scale 1.0] [--runs 5] [--pg-url URL] [--no-notify]
                          [--redis-url redis://127.0.0.1:6379/11]
                          [--keep-db NAME | --reuse-db NAME]

Everything runs under production settings (manifest static files, tasks queued
in the database). A temporary PostgreSQL database at --pg-url is created,
migrated and loaded with the demo, and a bench learner gets ten certificates.
Every item is measured (median of --runs after two warm-up runs, in-process
with Django's test client: server time, no network), then `seed_national_data
--scale` adds 100,000 learners (times the scale) and everything is measured
again. Each phase runs in a process of its own (as a server's worker would) and
starts with an empty cache.

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

With --redis-url the cache is that Redis database, as in production (it is
emptied at the start of each phase: a new database reuses ids). Then the
dashboard's grid is cached (organisations/selectors/grid_cache.py) and each
dashboard item is measured three times, in the same way at both sizes: "warm"
(the request repeated), "1 member changed" (`learner_changed` for the
organisation's first current member before each request, outside the timing,
as when someone opens a lesson: that member's rows are read again) and "member
set changed" (the organisation's `members_scope` replaced before each request,
as when someone joins: the whole grid is computed and stored again). Without it
each process has its own memory, the grid is not cached and every request
computes it.

A page's query count is that of a timed request (warm). Every SELECT of its
first request (empty cache) and of a timed one is run again under EXPLAIN, and
sequential scans on the large tables are printed. After the content-change
notification has made its notices (thousands at national size), "Mijn
leeromgeving" and the verification page are explained again (after ANALYZE of
the notices), so that the figure reflects a full notices table.

Seeding the national size takes 11 to 15 minutes (645 s on a quiet machine,
914 s at load 2 to 4), so:

- `--keep-db NAME` copies the database to NAME right after seeding (and
  ANALYZE), before it is measured, and records the scale, the seed counts and
  the demo organisation in NAME's comment. NAME must not exist yet.
- `--reuse-db NAME` skips the seed: the demo size is measured again on a new
  temporary database (migrate and demo: about a minute), then the national size
  on a temporary copy of NAME (`CREATE DATABASE ... TEMPLATE`, migrated to the
  current code), so NAME stays as seeded and every reuse starts from the same
  rows. Both sizes are measured in the same run, under the same machine load:
  figures stored from an earlier run would make the ratio depend on how busy
  the shared machine was then. NAME's dates are those of its seeding day: re-seed
  it (drop it and run with --keep-db) when it is weeks old.

Temporary databases are dropped afterwards; NAME is kept (`DROP DATABASE NAME`
when done).
"""

import argparse
import datetime
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, manage, production_env

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


def _median_ms(fn, runs: int, before=None) -> float:
    """Median of `runs` calls of `fn` after two warm-up calls; `before()` runs
    before each call, outside the timing."""
    for _ in range(2):  # warm: templates, content types, caches
        if before is not None:
            before()
        fn()
    times = []
    for _ in range(runs):
        if before is not None:
            before()
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


def _member_changed(organisation):
    """Marks one current member of `organisation` as changed (as opening a
    lesson does): the organisation's cached grid is computed again on the next
    request. The same member at every size: the first current membership."""
    from organisations.models import Membership
    from training.learner_cache import learner_changed

    user_id = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    return lambda: learner_changed(user_id)


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
    from django.core.cache import cache
    from django.db import connection
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
    from organisations.selectors.grid_cache import members_scope
    from training.learner_cache import enabled, scope_changed
    from training.local_cache import local_clear
    from training.models import User

    cache.clear()  # each phase starts empty (a new database reuses ids)
    local_clear()
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

    # name -> (request, what runs before each one, outside the timing)
    pages = {
        "anonymous course page": (page(anonymous, course.url), None),
        "lesson page (signed in)": (page(signed_in, lesson.url), None),
        "Mijn leeromgeving (10 certificates)": (
            page(signed_in, reverse("courses:my_learning")),
            None,
        ),
        "verification page": (page(anonymous, f"/verify/{code}/"), None),
    }
    for label, organisation in organisations:
        manager = _manager(organisation)
        managing = Client(headers=behind_proxy)
        managing.force_login(manager)
        dashboard = reverse("organisations:dashboard", args=[organisation.pk])
        someone = organisation.memberships.order_by("-pk").first().user.last_name
        member = _member_changed(organisation) if enabled() else None
        member_set = partial(scope_changed, members_scope(organisation.pk))
        for name, params in (
            (f"dashboard, {label}", {}),
            (f"dashboard te laat, {label}", {"status": "te_laat"}),
            (f"dashboard search, {label}", {"zoek": someone}),
        ):
            get = page(managing, dashboard, **params)
            pages[name] = (get, None)
            if member is not None:
                pages[f"{name}, 1 member changed"] = (get, member)
                pages[f"{name}, member set changed"] = (get, member_set)
    for name, (get, before) in pages.items():
        first = _queries(get)  # an empty cache: what a cold request reads
        if before is not None:
            before()
        timed = _queries(get)
        results[name] = {
            "ms": _median_ms(get, args.runs, before),
            "queries": len(timed),
            "seq_scans": _seq_scans(first + timed),
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
        # the pages above were explained while the notices table was nearly
        # empty; explain them again now that it holds every holder's notice
        # (ANALYZE: as autovacuum would soon after such an insert)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE certificates_contentupdatenotice")
        for name in ("Mijn leeromgeving (10 certificates)", "verification page"):
            cache.clear()  # computed again: the notices are read
            local_clear()
            results[name]["seq_scans_after_notices"] = _seq_scans(
                _queries(pages[name][0])
            )

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
    """One phase (`args.worker`) in a subprocess under production settings
    whose DATABASE_URL is the database under test (tasks are queued in the
    database, not run inline): "demo" measures the demo size, "seed" adds the
    national data set, "national" measures again."""
    import django

    sys.path.insert(0, str(ROOT))  # the project's apps, not bench/certificates.py
    django.setup()
    from django.db import connection

    from organisations.models import Organisation
    from organisations.seed_national import NationalSize, national_data_seed

    if args.worker == "seed":
        started = time.perf_counter()
        seeded = national_data_seed(size=NationalSize().scaled(args.scale))
        seconds = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return {"seeded": str(seeded), "seed_seconds": seconds}
    learner, courses = _learner_with_ten_certificates()
    # as training/wsgi.py once the app is loaded: what lives as long as the
    # process stays out of full garbage collections
    gc.collect()
    gc.freeze()
    if args.worker == "demo":
        demo_organisation = _largest_organisation()
        measured = measure(args, learner, courses, [("demo org", demo_organisation)])
        measured["_demo_organisation"] = demo_organisation.pk
    else:
        # the same demo organisation as before the seed shows what the national
        # tables cost; the 5,000-staff one is compared with it too
        demo_organisation = Organisation.objects.get(pk=args.demo_organisation)
        measured = measure(
            args,
            learner,
            courses,
            [
                ("demo org", demo_organisation),
                ("largest org", _largest_organisation()),
            ],
        )
    measured["_load"] = os.getloadavg()[0]
    return measured


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def _pg_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return found is not None


def _pg_comment(admin_url: str, name: str) -> dict | None:
    """The JSON that `--keep-db` wrote in the database's comment."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        found = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
    if found is None or not found[0]:
        return None
    return json.loads(found[0])


def _pg_copy(admin_url: str, source: str, target: str) -> None:
    """`target` as a copy of `source` (which no one may be connected to); file
    by file, faster than through the WAL for gigabytes."""
    _pg_admin(
        admin_url,
        f'CREATE DATABASE "{target}" TEMPLATE "{source}" STRATEGY FILE_COPY',
    )


def _print(report: dict) -> None:
    print(f"national data set (scale {report['scale']}): {report['seeded']}")
    print(
        f"seeded in {report['seed_seconds']} s{report.get('kept', '')}; "
        f"cache: {report['cache']}"
    )
    demo, national = report["demo"], report["national"]
    print(
        f"load average (1 min) after demo {demo.pop('_load'):.1f}, "
        f"after national {national.pop('_load'):.1f}"
    )
    for phase in (demo, national):
        phase.pop("_demo_organisation", None)
    for phase in ("demo", "national"):
        print(f"{phase}: " + "; ".join(report[phase].pop("_organisations")))
    print(f"{'item':52} {'demo ms':>9} {'national ms':>12} {'ratio':>6}  details")
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
            f"{name:52} {small.get('ms', 0):9.1f} {large.get('ms', 0):12.1f} "
            f"{ratio:6.2f}{flag}  {json.dumps(details)}"
        )


class _Run:
    """The subprocesses of one run: manage.py commands under the test settings,
    phases under production ones (static files collected once)."""

    def __init__(self, args, static_root: str):
        self.args = args
        self.static_root = static_root
        self.collected = False

    def demo_load(self, url: str) -> None:
        # the demo refuses production settings (published passwords): loaded
        # under the test settings, then measured under production ones
        manage(url, "migrate", "--noinput", "-v0")
        manage(url, "load_demo_content", "-v0")

    def phase(self, url: str, name: str, **extra) -> dict:
        env = production_env(url, self.static_root)
        env["CERTIFICATE_VERIFY_RATE_LIMIT"] = "0"
        env["REDIS_URL"] = self.args.redis_url
        if not self.collected:
            subprocess.run(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            self.collected = True
        command = [PYTHON, __file__, "--worker", name]
        command += ["--scale", str(self.args.scale), "--runs", str(self.args.runs)]
        command += ["--no-notify"] if self.args.no_notify else []
        for key, value in extra.items():
            command += [f"--{key.replace('_', '-')}", str(value)]
        completed = subprocess.run(
            command, capture_output=True, text=True, check=False, env=env
        )
        if completed.returncode:
            sys.stderr.write(completed.stderr)
            sys.exit(completed.returncode)
        return json.loads(completed.stdout.strip().splitlines()[-1])


def _fresh(run: _Run, admin_url: str, database: str, kept: str | None) -> dict:
    """Demo size, the seed (copied to `kept` when given), national size, all
    on `database`."""
    url = admin_url.rsplit("/", 1)[0] + f"/{database}"
    run.demo_load(url)
    demo = run.phase(url, "demo")
    seeded = run.phase(url, "seed")
    if kept:
        _pg_copy(admin_url, database, kept)
        meta = {
            **seeded,
            "scale": run.args.scale,
            "demo_organisation": demo["_demo_organisation"],
            "seeded_on": datetime.date.today().isoformat(),
        }
        comment = json.dumps(meta).replace("'", "''")
        _pg_admin(admin_url, f"COMMENT ON DATABASE \"{kept}\" IS '{comment}'")
        seeded["kept"] = f" (kept as {kept})"
    national = run.phase(url, "national", demo_organisation=demo["_demo_organisation"])
    return {**seeded, "scale": run.args.scale, "demo": demo, "national": national}


def _reused(run: _Run, admin_url: str, database: str, kept: str) -> dict:
    """Demo size on a new database, national size on a copy of `kept`."""
    meta = _pg_comment(admin_url, kept)
    if meta is None:
        sys.exit(f"{kept}: no such database, or not made by --keep-db")
    base = admin_url.rsplit("/", 1)[0]
    run.demo_load(f"{base}/{database}")
    demo = run.phase(f"{base}/{database}", "demo")
    _pg_admin(admin_url, f'DROP DATABASE "{database}" WITH (FORCE)')
    _pg_copy(admin_url, kept, database)
    manage(f"{base}/{database}", "migrate", "--noinput", "-v0")  # newer code
    national = run.phase(
        f"{base}/{database}", "national", demo_organisation=meta["demo_organisation"]
    )
    return {
        "scale": meta["scale"],
        "seeded": meta["seeded"],
        "seed_seconds": meta["seed_seconds"],
        "kept": f" on {meta['seeded_on']} (reused {kept})",
        "demo": demo,
        "national": national,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--no-notify", action="store_true")
    parser.add_argument(
        "--redis-url",
        default="",
        help="the cache, as in production (this Redis database is emptied)",
    )
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument(
        "--keep-db", metavar="NAME", help="keep the seeded database as NAME"
    )
    kept.add_argument(
        "--reuse-db", metavar="NAME", help="measure a copy of a kept database"
    )
    parser.add_argument(
        "--worker", choices=["demo", "seed", "national"], help=argparse.SUPPRESS
    )
    parser.add_argument("--demo-organisation", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return
    admin_url = args.pg_url.rsplit("/", 1)[0] + "/postgres"
    if args.keep_db and _pg_exists(admin_url, args.keep_db):
        sys.exit(f"{args.keep_db} exists: use --reuse-db, or drop it first")
    if args.redis_url:
        import redis

        # A new database reuses ids: nothing cached may outlive it (each phase
        # also empties the cache when it starts).
        redis.Redis.from_url(args.redis_url).flushdb()
    database = f"bench_scale_{os.getpid()}"
    _pg_admin(admin_url, f'CREATE DATABASE "{database}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run = _Run(args, f"{tmp}/static")
            if args.reuse_db:
                report = _reused(run, admin_url, database, args.reuse_db)
            else:
                report = _fresh(run, admin_url, database, args.keep_db)
        report["cache"] = args.redis_url or "each process's own memory"
        _print(report)
    finally:
        _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
