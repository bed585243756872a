"""Several `db_worker` processes draining one queue of certificate renders: is each
render run once, is none lost, and does a killed worker's render run again?

    python bench/workers.py --renders 5000 --workers 4 [--no-kill]

Needs PostgreSQL (the queue hands out tasks with `SELECT ... FOR UPDATE SKIP
LOCKED`; SQLite serialises all writes, so workers mostly wait for each other).
It creates a throwaway database `bijblijven_bench_workers` on
`postgres://postgres@127.0.0.1:5432` (or uses `BENCH_DATABASE_URL`, which must be
empty or hold an earlier run), migrates it, issues N certificates (their render
tasks wait), starts the workers and, once all announced themselves, releases the
renders and starts the clock. Halfway it kills one busy worker with SIGKILL and
starts another in its place, as systemd's `Restart=always` would (`--no-kill`
leaves them alone). It prints the renders drained, lost (a certificate without
its PDF, or a task that did not succeed), run twice (and why), PDF files beyond
one per certificate, the time from release to the last render and the
throughput, and how many renders each worker ran.
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bijblijven_bench_workers"
RENDER_TASK = "certificates.tasks.certificate_render_task"
SETTINGS = """from training.settings.test import *  # noqa: F403
TASKS = {{"default": {{"BACKEND": "django_tasks_db.DatabaseBackend"}}}}
MEDIA_ROOT = {media!r}
"""


def _database_ensure(url: str) -> bool:
    """Create the database when missing; returns whether it did."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return not exists


def _database_drop(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" (FORCE)')


def _worker(env: dict, worker_id: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--skip-checks",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            worker_id,
            "-v0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _renders():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=RENDER_TASK)


def _issue(count: int) -> None:
    from bench.certificates import _learners_with_completed_course
    from certificates.services.issue import certificate_issue
    from certificates.services.keys import signing_key_create

    course, users = _learners_with_completed_course(count)
    signing_key_create()
    for number, user in enumerate(users, start=1):
        certificate_issue(user=user, course=course)
        if number % 500 == 0:
            print(f"  issued {number} of {count}", flush=True)


def _wait_until(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


def drain(*, env: dict, renders: int, workers: int, kill: bool) -> dict:
    from django.utils import timezone

    from training.background.liveness import workers_alive

    paused = timezone.now() + datetime.timedelta(days=1)
    _renders().update(run_after=paused)  # waiting until every worker is up
    ids = [f"bench-w{n}" for n in range(1, workers + 1)]
    processes = {worker_id: _worker(env, worker_id) for worker_id in ids}
    killed = None
    try:
        _wait_until(
            lambda: workers_alive(set(ids)) == set(ids),
            seconds=120,
            what="the workers to start",
        )
        start = time.perf_counter()
        _renders().update(run_after=timezone.now())
        if kill:
            _wait_until(
                lambda: _renders().filter(status="SUCCESSFUL").count() >= renders // 2,
                seconds=3600,
                what="half the renders",
            )
            busy = _wait_until(
                lambda: _renders().filter(status="RUNNING").first(),
                seconds=60,
                what="a busy worker",
            )
            killed = busy.worker_ids[-1]
            processes[killed].send_signal(signal.SIGKILL)
            processes[killed].wait(timeout=30)
            processes["bench-w-restarted"] = _worker(env, "bench-w-restarted")
        _wait_until(
            lambda: not _renders().filter(status__in=["READY", "RUNNING"]).exists(),
            seconds=3600,
            what="the queue to drain",
        )
        seconds = time.perf_counter() - start
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            process.wait(timeout=60)
    return {"seconds": seconds, "killed": killed}


def report(*, renders: int, workers: int, seconds: float, killed, media: Path) -> None:
    from certificates.models import Certificate

    rows = list(_renders().only("status", "worker_ids"))
    statuses = Counter(row.status for row in rows)
    twice = [row for row in rows if len(row.worker_ids) > 1]
    handed_back = [row for row in twice if row.worker_ids[0] == killed]
    rendered = Certificate.objects.filter(rendered_at__isnull=False).count()
    files = sum(1 for _path in (media / "certificates").rglob("*.pdf"))
    per_worker = Counter(row.worker_ids[-1] for row in rows if row.worker_ids)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average after: {load} on {os.cpu_count()} CPUs")
    print(f"renders queued: {len(rows)} (asked {renders}), workers: {workers}")
    print(f"drained (SUCCESSFUL): {statuses['SUCCESSFUL']}")
    print(
        f"lost: {renders - rendered} certificates without a PDF, "
        f"{len(rows) - statuses['SUCCESSFUL']} tasks not successful {dict(statuses)}"
    )
    print(
        f"run twice: {len(twice)} ({len(handed_back)} handed back after "
        f"{killed or 'no worker'} was killed)"
    )
    print(f"duplicate PDFs: {files - rendered} ({files} files for {rendered} renders)")
    print(f"time: {seconds:.1f} s, throughput: {len(rows) / seconds:.1f} renders/s")
    print(
        "renders per worker: "
        + ", ".join(f"{k} {v}" for k, v in sorted(per_worker.items()))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--no-kill", dest="kill", action="store_false", help="Kill no worker."
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit(
            "bench/workers.py needs PostgreSQL (BENCH_DATABASE_URL=postgres://...)"
        )
    created = _database_ensure(url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            media = folder / "media"
            (folder / "bench_workers_settings.py").write_text(
                SETTINGS.format(media=str(media)), encoding="utf-8"
            )
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "bench_workers_settings",
                "DATABASE_URL": url,
                "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)]),
            }
            env.pop("REDIS_URL", None)
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            os.environ.update(env)
            sys.path.insert(0, tmp)
            import django

            django.setup()
            from certificates.models import Certificate

            if Certificate.objects.exists():
                sys.exit(f"{url} already holds certificates; give an empty database")
            print(
                f"issuing {args.renders} certificates (their renders wait)", flush=True
            )
            _issue(args.renders)
            result = drain(
                env=env, renders=args.renders, workers=args.workers, kill=args.kill
            )
            report(
                renders=args.renders,
                workers=args.workers,
                media=media,
                **result,
            )
            from django.db import connections

            connections.close_all()
    finally:
        if created:
            _database_drop(url)


if __name__ == "__main__":
    main()
