"""Load and faults: simulated learners against gunicorn on a fresh demo database,
with no server error and no lost quiz attempt; optionally a database restart.

    python bench/load.py [--learners 200] [--seconds 120] [--workers 2]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bijblijven_load \\
        python bench/load.py --restart-database

Each simulated learner, enrolled in the first demo course, loops until the time is
up: opens a lesson (GET), completes it (POST), starts an attempt at a 10-question
quiz (POST), submits every answer (POST: graded and written under the attempt
lock; answered wrong, as a passed quiz cannot be started again; bench/quiz.py
measures passing), opens the result (GET), then waits up to `--think` seconds.
The figures: requests by step with median and 95th percentile latency, server
errors (5xx) and failed connections, and attempts started, confirmed to the
learner (a redirect to the result) and found graded in the database afterwards.
A lost attempt is one the learner saw confirmed that the database does not hold
as graded with all its answers.

`--restart-database` (PostgreSQL only) restarts the database server halfway with
`pg_ctlcluster` while gunicorn keeps running. Requests during the outage may fail;
the bar is that the app answers again without a restart: no failure later than
`RECOVERY_GRACE` seconds after the database accepts connections again.

`--topology` runs the deployment of docs/deployment.md ("A tested topology"):
a new PostgreSQL database (created next to `--pg-url`, dropped afterwards), an
empty Redis database as `REDIS_URL`, production settings, two gunicorn
instances, one `db_worker` and Debian's nginx in front
(bench/topology/nginx.conf). Learners wait 1 to 3 s after every request. At
`--kill-at` seconds the first instance (master and workers) is killed with
SIGKILL and started again `--down` seconds later. The bar: every error
(status 400 or more, or a failed connection) falls within `KILL_GRACE` seconds
after the kill, no confirmed attempt is lost and none holds its answers twice.

    python bench/load.py --topology --learners 200 --seconds 120 --kill-at 60
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    PYTHON,
    ROOT,
    demo_database,
    django_setup,
    django_setup_env,
    free_port,
    gunicorn,
    gunicorn_start,
    manage,
    nginx,
    port_wait,
    postgres_database,
    production_env,
    redis_database,
    signed_in_cookie,
)

QUESTIONS = 10
CSRF_TOKEN = "c" * 32  # cookie and header must match; any 32-character secret
RECOVERY_GRACE = 5.0
KILL_GRACE = 5.0  # a request in flight to the killed instance fails within this
TIMEOUT = 60


@dataclass
class Learner:
    cookie: str
    lessons: list[str]
    quiz_id: int


@dataclass
class Tally:
    """What the simulated learners saw; one lock, as 200 threads write to it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    failures: list[tuple[float, str]] = field(default_factory=list)
    started: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    failing_status: int = 500  # 400 behind nginx: a refused POST is an error too

    def record(self, step: str, seconds: float, status: int | str) -> None:
        with self.lock:
            self.latencies[step].append(seconds)
            self.statuses[(step, status)] += 1
            if not isinstance(status, int) or status >= self.failing_status:
                self.failures.append((time.monotonic(), f"{step}: {status}"))


def prepare(count: int) -> list[Learner]:
    from courses.models import CoursePage, LessonPage
    from courses.selectors import course_outline
    from courses.services import enrolment_create
    from tests.factories.assessments import (
        category_create,
        question_create,
        quiz_create,
    )
    from tests.factories.users import UserFactory

    course = CoursePage.objects.live().filter(locale__language_code="nl").first()
    outline = course_outline(course=course)
    lessons = [page.url for page in outline.items if isinstance(page, LessonPage)]
    module = outline.modules[0].module
    category = category_create(name="Belasting", slug="bench-belasting")
    questions = [
        question_create(category=category, type=kind)
        for kind in ("single", "multiple", "true_false", "short_text", "ordering")
        * (QUESTIONS // 5)
    ]
    quiz = quiz_create(module, questions=questions, layout="all", slug="bench-load")
    learners = []
    for _ in range(count):
        user = UserFactory(password=None)  # force_login; no slow password hash
        enrolment_create(user=user, course=course)
        cookie = signed_in_cookie(user, CSRF_TOKEN)
        learners.append(Learner(cookie=cookie, lessons=lessons, quiz_id=quiz.pk))
    return learners


def answers(public_id: str) -> dict[str, list[str]] | None:
    """Wrong answers to the attempt's questions, read from the database by this
    process; None while the database is down (the learner tries again later)."""
    from django.db import DatabaseError, connection

    from assessments.models import Attempt
    from tests.factories.assessments import form_data

    try:
        attempt = Attempt.objects.get(public_id=public_id)
        return form_data(attempt.questions, right=False)
    except DatabaseError:
        return None
    finally:
        connection.close()  # a thread's connection must not outlive a restart


class Session:
    """One learner's keep-alive connection; a failed one is opened again."""

    def __init__(self, port, learner, tally, *, headers=None, pause=(0, 0)) -> None:
        self.port, self.learner, self.tally = port, learner, tally
        self.headers, self.pause = headers or {}, pause
        self.connection = None

    def send(self, step, method, path, body=None):
        response = self.request(step, method, path, body)
        time.sleep(random.uniform(*self.pause))
        return response

    def request(self, step, method, path, body=None):
        headers = {**self.headers, "Cookie": self.learner.cookie}
        if body is not None:
            body = urlencode(body, doseq=True).encode()
            headers |= {
                "X-CSRFToken": CSRF_TOKEN,
                "Content-Type": "application/x-www-form-urlencoded",
            }
        started = time.monotonic()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=TIMEOUT
                )
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection = None
            self.tally.record(step, time.monotonic() - started, type(error).__name__)
            return None
        self.tally.record(step, time.monotonic() - started, response.status)
        return response

    def round(self) -> None:
        lesson = random.choice(self.learner.lessons)
        self.send("lesson (GET)", "GET", lesson)
        self.send("complete lesson (POST)", "POST", lesson, {"action": "complete"})
        start = f"/toetsen/{self.learner.quiz_id}/starten/"
        response = self.send("start quiz (POST)", "POST", start, {})
        location = urlsplit((response and response.getheader("Location")) or "").path
        if not location.startswith("/toetsen/poging/"):
            return
        public_id = location.split("/")[3]
        with self.tally.lock:
            self.tally.started.add(public_id)
        answered = answers(public_id)
        if answered is None:
            return
        form = {"vraag": "1", "action": "submit", **answered}
        response = self.send("submit quiz (POST)", "POST", location, form)
        result = (response and response.getheader("Location")) or ""
        if response is not None and response.status == 302 and "/uitslag/" in result:
            with self.tally.lock:
                self.tally.confirmed.add(public_id)
            self.send("result (GET)", "GET", urlsplit(result).path)


def simulate(port, learners, *, seconds, think, tally, **options) -> None:
    stop = time.monotonic() + seconds

    def run(learner: Learner) -> None:
        session = Session(port, learner, tally, **options)
        time.sleep(random.uniform(0, think))  # not all at once
        while time.monotonic() < stop:
            session.round()
            time.sleep(random.uniform(0, think))

    threads = [threading.Thread(target=run, args=(one,)) for one in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def restart_database(after: float, outage: dict) -> threading.Thread:
    """Restart the PostgreSQL cluster after `after` seconds; note when it is back."""

    def run() -> None:
        time.sleep(after)
        version = sorted(Path("/etc/postgresql").iterdir(), key=lambda p: p.name)[-1]
        outage["down"] = time.monotonic()
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                version.name,
                "main",
                "restart",
                "--mode",
                "fast",
            ],
            check=True,
        )
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode:
            time.sleep(0.1)
        outage["up"] = time.monotonic()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def audit(tally: Tally) -> dict[str, int]:
    """Attempts as the database holds them, against what the learners saw."""
    from django.db.models import Count

    from assessments.models import Attempt

    rows = Attempt.objects.filter(quiz__slug="bench-load")
    attempts = {
        str(row["public_id"]): row
        for row in rows.annotate(answered=Count("answers")).values(
            "public_id", "status", "answered"
        )
    }
    graded = {
        key
        for key, row in attempts.items()
        if row["status"] == "submitted" and row["answered"] == QUESTIONS
    }
    twice = {key for key, row in attempts.items() if row["answered"] > QUESTIONS}
    return {
        "in the database": len(attempts),
        "graded in the database": len(graded),
        "started (seen by learners)": len(tally.started),
        "confirmed to learners": len(tally.confirmed),
        "lost (confirmed, not graded)": len(tally.confirmed - graded),
        "answered twice": len(twice),
        "unknown to learners": len(set(attempts) - tally.started),
    }


def report(tally: Tally, seconds: float) -> None:
    total = sum(tally.statuses.values())
    print(f"requests: {total} in {seconds:.0f} s ({total / seconds:.1f}/s)")
    print(f"{'step':<24} {'count':>6} {'median ms':>10} {'p95 ms':>8}  statuses")
    for step, values in tally.latencies.items():
        cuts = statistics.quantiles(values, n=20) if len(values) > 1 else values * 19
        statuses = ", ".join(
            f"{status}: {n}"
            for (name, status), n in sorted(tally.statuses.items(), key=str)
            if name == step
        )
        print(
            f"{step:<24} {len(values):>6} {statistics.median(values) * 1000:>10.0f} "
            f"{cuts[18] * 1000:>8.0f}  {statuses}"
        )


def kill_and_restart(instances, ports, env, args, moments) -> threading.Thread:
    """After ``--kill-at`` seconds SIGKILL the first instance's process group;
    start it again on the same port ``--down`` seconds later."""

    def run() -> None:
        time.sleep(args.kill_at)
        os.killpg(instances[0].pid, signal.SIGKILL)
        moments["killed"] = time.monotonic()
        instances[0].wait()
        time.sleep(args.down)
        instances[0] = gunicorn_start(ports[0], env, args.workers)
        port_wait(ports[0])
        moments["back"] = time.monotonic()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def db_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--skip-checks", "--no-reload", "-v0"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def topology(args) -> None:
    """Two instances behind nginx, one killed and restarted halfway."""
    name = f"bench_topology_{os.getpid()}"
    with (
        tempfile.TemporaryDirectory() as tmp,
        postgres_database(args.pg_url, name) as database_url,
        redis_database() as redis_url,
    ):
        # the demo refuses production settings (published passwords): loaded
        # under the test settings, then served under production ones
        for step in (["migrate", "--noinput", "-v0"], ["load_demo_content", "-v0"]):
            manage(database_url, *step)
        env = production_env(database_url, f"{tmp}/static") | {
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": f"{tmp}/media",
            "TRUSTED_PROXY_COUNT": "1",
        }
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        django_setup_env(env)
        learners = prepare(args.learners)
        from django.db import connections

        connections.close_all()
        ports = [free_port()]
        while len(ports) < 2:
            ports += [port for port in [free_port()] if port not in ports]
        instances = [gunicorn_start(port, env, args.workers) for port in ports]
        processes = [db_worker(env)]
        tally = Tally(failing_status=400)
        moments = {"killed": float("inf"), "back": float("inf")}
        try:
            for port in ports:
                port_wait(port)
            with nginx(ports) as port:
                moments["start"] = time.monotonic()
                killer = kill_and_restart(instances, ports, env, args, moments)
                simulate(
                    port,
                    learners,
                    seconds=args.seconds,
                    think=args.think,
                    tally=tally,
                    headers={"Referer": f"https://127.0.0.1:{port}/"},
                    pause=(1.0, 3.0),
                )
                killer.join()
        finally:
            for process in instances + processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in instances + processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        topology_report(args, tally, moments)


def topology_report(args, tally: Tally, moments: dict[str, float]) -> None:
    start, killed = moments["start"], moments["killed"]
    print(
        f"{args.learners} learners, {args.seconds:.0f} s, nginx, 2 gunicorn "
        f"instances x {args.workers} workers, 1 db_worker, PostgreSQL, Redis"
    )
    print(
        f"instance 1 killed at {killed - start:.1f} s, "
        f"answering again at {moments['back'] - start:.1f} s"
    )
    report(tally, args.seconds)
    for moment, what in tally.failures:
        print(f"  error at {moment - start:.2f} s: {what}")
    outside = [
        what
        for moment, what in tally.failures
        if not killed <= moment <= killed + KILL_GRACE
    ]
    print(
        f"errors: {len(tally.failures)}; outside {KILL_GRACE:.0f} s after "
        f"the kill: {len(outside)}"
    )
    figures = audit(tally)
    for name, value in figures.items():
        print(f"attempts {name}: {value}")
    met = not outside and not figures["lost (confirmed, not graded)"]
    met = met and not figures["answered twice"]
    verdict = "met" if met else "NOT met"
    print(f"topology bar (errors only at the kill, no lost attempt): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--restart-database", action="store_true")
    parser.add_argument("--topology", action="store_true")
    parser.add_argument("--kill-at", type=float, default=60)
    parser.add_argument("--down", type=float, default=5)
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args()
    if args.topology:
        topology(args)
        return
    postgres = os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres")
    if args.restart_database and not postgres:
        parser.error("--restart-database needs BENCH_DATABASE_URL=postgres://...")
    with demo_database() as database_url:
        django_setup(database_url)
        learners = prepare(args.learners)
        from django.db import connections

        connections.close_all()
        tally = Tally()
        # a restart that never happens excuses nothing
        outage = {"down": float("inf"), "up": float("-inf")}
        with gunicorn(database_url, workers=args.workers) as port:
            restart = (
                restart_database(args.seconds / 2, outage)
                if args.restart_database
                else None
            )
            simulate(
                port, learners, seconds=args.seconds, think=args.think, tally=tally
            )
            if restart is not None:
                restart.join()
        print(
            f"{args.learners} learners, {args.seconds:.0f} s, gunicorn "
            f"{args.workers} workers, {database_url.split(':')[0]}"
        )
        report(tally, args.seconds)
        figures = audit(tally)
        for name, value in figures.items():
            print(f"attempts {name}: {value}")
        # A failure is excused only from the restart until the grace period ends.
        late = [
            what
            for moment, what in tally.failures
            if not outage["down"] <= moment <= outage["up"] + RECOVERY_GRACE
        ]
        if args.restart_database:
            during = len(tally.failures) - len(late)
            print(
                f"database restart: down for {outage['up'] - outage['down']:.1f} s; "
                f"{during} failed requests meanwhile; {len(late)} after "
                f"{RECOVERY_GRACE:.0f} s of recovery"
            )
        print(
            f"server errors or failed connections: {len(late)}"
            + (f" (first: {late[0]})" if late else "")
        )
        met = not late and not figures["lost (confirmed, not graded)"]
        verdict = "met" if met else "NOT met"
        print(f"load bar (no server error, no lost attempt): {verdict}")


if __name__ == "__main__":
    main()
