"""Shared benchmark harness: a temporary database with the demo content, a gunicorn
server on it, and a closed-loop HTTP load generator. Figures are medians over
interleaved rounds, reported as ratios to a baseline measured in the same run."""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(database_url: str, *step: str) -> None:
    """``manage.py *step`` on that database under the test settings, quietly."""
    subprocess.run(
        [PYTHON, "manage.py", *step],
        cwd=ROOT,
        env=bench_env(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bench_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }


@contextmanager
def demo_database():
    """A fresh SQLite file (or ``BENCH_DATABASE_URL``) with migrations and the demo."""
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        env = bench_env(url)
        for args in (["migrate", "--noinput", "-v0"], ["load_demo_content"]):
            subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        yield url


def django_setup(database_url: str) -> None:
    os.environ.update(bench_env(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def signed_in_cookie(user, csrf_token: str) -> str:
    """A Cookie header for ``user``'s new session and a CSRF secret; send the same
    ``csrf_token`` as the X-CSRFToken header."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return (
        f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_token}"
    )


def production_env(database_url: str, static_root: str) -> dict[str, str]:
    """The environment ``training.settings.production`` requires (as
    tests/training/test_release.py gives it), for a server on the loopback: manifest
    static files in ``static_root``, each process's own memory cache, no HTTPS
    redirect (clients send ``X-Forwarded-Proto: https`` as behind the proxy)."""
    import secrets

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_BASE_URL": "https://leren.example.org",
        "DEFAULT_FROM_EMAIL": "Bijblijven <noreply@leren.example.org>",
        "OPEN_BADGES_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        "REDIS_URL": "",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }


@contextmanager
def gunicorn(
    database_url: str,
    workers: int = 2,
    *,
    app: str = "training.wsgi",
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
):
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env or bench_env(database_url),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a loaded machine: workers still busy
            process.kill()
            process.wait()


def requests_per_second(
    port: int,
    path: str,
    *,
    seconds: float,
    concurrency: int,
    cookie: str = "",
    headers: dict[str, str] | None = None,
) -> float:
    """Closed loop: ``concurrency`` keep-alive clients for ``seconds``; counts 200s
    and fails loudly on anything else."""
    stop = time.monotonic() + seconds
    counts = [0] * concurrency
    failures: list[str] = []
    headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(f"{path}: HTTP {response.status}")
                return
            counts[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return sum(counts) / (time.monotonic() - started)


def measure(
    port: int,
    targets: dict[str, tuple[str, str]],
    *,
    rounds: int,
    seconds: float,
    concurrency: int,
) -> dict[str, float]:
    """Median requests/second per target over interleaved rounds."""
    for path, cookie in targets.values():  # warm every worker's caches
        requests_per_second(
            port, path, seconds=1, concurrency=concurrency, cookie=cookie
        )
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (path, cookie) in targets.items():
            samples[name].append(
                requests_per_second(
                    port, path, seconds=seconds, concurrency=concurrency, cookie=cookie
                )
            )
    return {name: statistics.median(values) for name, values in samples.items()}


def print_table(results: dict[str, float], baseline: str, targets: dict[str, float]):
    base = results[baseline]
    print(f"{'page':<34} {'req/s':>8} {'ratio':>7} {'target':>8}")
    for name, value in results.items():
        ratio = value / base if base else 0
        goal = targets.get(name)
        verdict = "" if goal is None else ("ok" if ratio >= goal else "BELOW")
        goal_text = (
            f">= {goal:.1f}x" if goal else "baseline" if name == baseline else ""
        )
        print(f"{name:<34} {value:>8.1f} {ratio:>6.2f}x {goal_text:>8} {verdict}")


# Several processes on the loopback (bench/load.py --topology): a PostgreSQL
# database, a Redis database, app instances that can be killed, nginx in front.

TOPOLOGY = Path(__file__).resolve().parent / "topology"


def django_setup_env(env: dict[str, str]) -> None:
    """Django in this process with the same settings as the servers (their secret
    key signs the sessions this process creates)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@contextmanager
def postgres_database(admin_url: str, name: str):
    """A new PostgreSQL database next to ``admin_url``'s, dropped afterwards."""
    import psycopg

    def admin(statement: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)

    admin(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_database(server: str = "redis://127.0.0.1:6379"):
    """The URL of an empty Redis database (the highest-numbered), emptied afterwards."""
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{server}/{number}")
        if not client.dbsize():
            break
    else:
        raise RuntimeError("no empty Redis database")
    try:
        yield f"{server}/{number}"
    finally:
        client.flushdb()


def port_wait(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def gunicorn_start(port: int, env: dict[str, str], workers: int) -> subprocess.Popen:
    """One app instance in its own process group, so that killing the group
    takes the master and its workers down at once, as a crashed machine would."""
    return subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "training.wsgi", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "error"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


@contextmanager
def nginx(upstream_ports: list[int]):
    """Debian's nginx in the foreground on a free loopback port, proxying to
    ``upstream_ports`` with bench/topology/nginx.conf; as ``nobody`` when run
    as root. Yields the port."""
    port = free_port()
    servers = "\n".join(
        f"        server 127.0.0.1:{upstream} max_fails=1 fail_timeout=10s;"
        for upstream in upstream_ports
    )
    with tempfile.TemporaryDirectory() as prefix:
        conf = (TOPOLOGY / "nginx.conf").read_text()
        for name, value in (
            ("PREFIX", prefix),
            ("LISTEN", port),
            ("UPSTREAMS", servers),
        ):
            conf = conf.replace(f"@{name}@", str(value))
        (Path(prefix) / "nginx.conf").write_text(conf)
        user = "nobody" if os.geteuid() == 0 else None
        if user:
            os.chown(prefix, 65534, 65534)
            os.chown(Path(prefix) / "nginx.conf", 65534, 65534)
        process = subprocess.Popen(
            ["nginx", "-p", prefix, "-e", f"{prefix}/error.log"]
            + ["-c", f"{prefix}/nginx.conf", "-g", "daemon off;"],
            user=user,
        )
        try:
            port_wait(port, 10)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)
            errors = Path(prefix, "error.log").read_text().splitlines()
            if errors:  # e.g. the refused connections to a killed instance
                print(f"nginx error.log ({len(errors)} lines), first ones:")
                print("\n".join(line[:300] for line in errors[:5]))
