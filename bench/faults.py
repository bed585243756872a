"""A PostgreSQL restart under a running task worker: does work carry on, and is
anything lost?

    python bench/faults.py [--emails 300]

Starts a throwaway PostgreSQL server of its own (initdb in a temporary folder, a
free port; as the postgres user when run as root), never the shared one. It
migrates a database, starts `manage.py db_worker` and queues emails through the
outbox (written to files), restarts the server while the worker is busy, queues
as many again, and prints: how long the database was down, how long after it was
back the worker finished its next task, whether the worker process stayed up,
and the tasks and emails lost (the bar: 0). Emails whose send task was cut off
are sent by the `send_queued_email` timer, run once at the end as in production.
"""

import argparse
import datetime
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

from bench._harness import free_port  # noqa: E402


def _as_postgres(command: list[str]) -> list[str]:
    return (
        ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command
    )


@contextmanager
def private_postgres():
    """A PostgreSQL server in a temporary folder; yields (url, restart)."""
    bin_dir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
    folder = Path(tempfile.mkdtemp(prefix="bijblijven-faults-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, port = folder / "data", free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log")]
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run(
        _as_postgres(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        ),
        **quiet,
    )
    subprocess.run(_as_postgres([*pg_ctl, "-o", options, "-w", "start"]), **quiet)

    def restart() -> tuple[float, float]:
        """Restart the server (fast shutdown); returns (down, up) on time.time()."""
        down = time.time()
        subprocess.run(
            _as_postgres([*pg_ctl, "-o", options, "-m", "fast", "-w", "restart"]),
            **quiet,
        )
        return down, time.time()

    try:
        subprocess.run(
            _as_postgres(
                [
                    str(bin_dir / "createdb"),
                    *("-h", "127.0.0.1", "-p", str(port), "-U", "postgres"),
                    "bijblijven_faults",
                ]
            ),
            **quiet,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/bijblijven_faults", restart
    finally:
        subprocess.run(
            _as_postgres([*pg_ctl, "-m", "immediate", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _queue_emails(first: int, count: int) -> None:
    from django.db import transaction

    from training.outbox import email_queue

    for number in range(first, first + count):
        with transaction.atomic():
            email_queue(
                to=f"persoon{number}@example.org",
                subject=f"Bench {number}",
                body_text="Een bericht.",
                kind="bench",
                dedup_key=f"bench-faults-{number}",
            )


def _tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="training.tasks.outbox_send_task")


def _wait(condition, seconds: float) -> bool:
    from django.db import connections

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # noqa: BLE001 - the database may be restarting
            connections.close_all()
        time.sleep(0.2)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=300, help="before the restart")
    args = parser.parse_args()
    if shutil.which("runuser") is None and os.geteuid() == 0:
        sys.exit("runuser is needed to run initdb as the postgres user")

    with private_postgres() as (url, restart), tempfile.TemporaryDirectory() as tmp:
        mail = Path(tmp) / "mail"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "training.settings.dev",
            "DATABASE_URL": url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "REDIS_URL": "",
        }
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connections

        from training.models import OutboundEmail

        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _queue_emails(0, args.emails)
            started = time.time()
            # restart while the worker is busy: after a third of the tasks
            _wait(
                lambda: (
                    _tasks().filter(status="SUCCESSFUL").count() >= args.emails // 3
                ),
                300,
            )
            done_before = _tasks().filter(status="SUCCESSFUL").count()
            connections.close_all()
            down, up = restart()
            back = datetime.datetime.fromtimestamp(up, tz=datetime.UTC)
            _queue_emails(args.emails, args.emails)
            total = 2 * args.emails
            settled = _wait(
                lambda: not _tasks().filter(status__in=["READY", "RUNNING"]).exists(),
                600,
            )
            settled_at = time.time()
            first_after = (
                _tasks()
                .filter(finished_at__gte=back)
                .order_by("finished_at")
                .values_list("finished_at", flat=True)
                .first()
            )
            alive = worker.poll() is None
            statuses = {
                status: _tasks().filter(status=status).count()
                for status in ("SUCCESSFUL", "FAILED", "READY", "RUNNING")
            }
            sent_by_tasks = OutboundEmail.objects.filter(status="sent").count()
            subprocess.run(
                [PYTHON, "manage.py", "send_queued_email"],
                cwd=ROOT,
                env=env,
                check=False,
                stdout=subprocess.DEVNULL,
            )
            sent = OutboundEmail.objects.filter(status="sent").count()
            # claimed by a send that was cut off: the timer sends them once their
            # 10-minute lease ends
            leased = OutboundEmail.objects.filter(status="pending").count()
            written = sum(
                path.read_text(errors="replace").count("\nMessage-ID: ")
                for path in mail.glob("*")
            )
        finally:
            worker.terminate()
            _out, errors = worker.communicate(timeout=30)

    recovery = (first_after.timestamp() - up) if first_after else float("nan")
    done_after = statuses["SUCCESSFUL"] - done_before
    print(
        f"tasks finished per second: {done_before / (down - started):.1f} before "
        f"the restart, {done_after / (settled_at - up):.1f} after it"
    )
    print(f"database down for {up - down:.1f} s (pg_ctl restart -m fast)")
    print(f"worker process still running after the restart: {'yes' if alive else 'NO'}")
    print(f"first task finished {recovery:.1f} s after the database was back")
    print(
        f"tasks: {total} queued, {statuses['SUCCESSFUL']} successful, "
        f"{statuses['FAILED']} failed (cut off, visible), "
        f"{statuses['READY'] + statuses['RUNNING']} still waiting or running"
        + ("" if settled else " (gave up waiting after 600 s)")
    )
    lost = total - sent - leased
    print(
        f"emails: {total} queued, {sent_by_tasks} sent by the tasks, {sent} after "
        f"one send_queued_email run ({written} written to files), {leased} waiting "
        f"for their lease to end (sent by the next timer run after it); lost: {lost}"
    )
    reconnects = errors.decode(errors="replace").count("lost the database")
    print(f"worker log lines 'lost the database': {reconnects}")
    if not alive or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
