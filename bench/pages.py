"""Requests per second of the site's pages against a bare Wagtail site, both under
production settings, served by gunicorn (2 workers), measured in one run.

    python bench/pages.py [--rounds 3] [--seconds 5] [--concurrency 8]
                          [--redis-url redis://127.0.0.1:6379/9]

- The site runs with ``training.settings.production`` (DEBUG off, manifest static
  files collected into a temporary STATIC_ROOT, the per-process memory cache it
  uses without REDIS_URL, or with ``--redis-url`` Redis as in production: then
  sessions are read from the cache and a learner's own fragments are cached,
  training/learner_cache.py; that Redis database is emptied first) on a
  temporary SQLite database with the demo content
  (loaded under the test settings, since production refuses the demo accounts).
  The certificate verification rate limit is switched off for the bench.
- The baseline is a bare Wagtail project made by ``wagtail start`` in a temporary
  folder, migrated and served the same way with its own production settings: its
  welcome page is 1.00x. The site's own minimal page is a second reference.
- Rounds are interleaved: every page of both servers once per round; the figure is
  the median over rounds. The load generator is the same closed loop of keep-alive
  ``http.client`` clients for every page (bench/_harness.py).
- Query counts per page are measured in this process with the test client under
  the same production settings: first request / second request (caches warm; an
  anonymous cached page then takes none).

Targets (issue 21): anonymous home, catalogue and course page >= 1.0x; signed-in
lesson page and "Mijn leeromgeving" >= 0.7x; verification page by code >= 0.8x.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    PYTHON,
    ROOT,
    demo_database,
    gunicorn,
    production_env,
    requests_per_second,
)

BASELINE = "bare Wagtail welcome page"
TARGETS = {
    "home (anonymous)": 1.0,
    "catalogue (anonymous)": 1.0,
    "course page (anonymous)": 1.0,
    "lesson page (learner)": 0.7,
    "Mijn leeromgeving (learner)": 0.7,
    "verification page by code": 0.8,
}
# Behind the TLS proxy the production settings expect; keeps SECURE_SSL_REDIRECT on.
HEADERS = {"X-Forwarded-Proto": "https"}


def run(args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def bare_wagtail(folder: Path) -> tuple[Path, dict[str, str]]:
    """A ``wagtail start`` project in ``folder``, migrated, static files collected,
    with its production settings and the secrets they leave to ``local.py``."""
    folder.mkdir()
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    run(
        [str(Path(PYTHON).parent / "wagtail"), "start", "bare", str(folder)],
        cwd=ROOT,
        env=clean,
    )
    (folder / "bare" / "settings" / "local.py").write_text(
        f"SECRET_KEY = {secrets.token_urlsafe(50)!r}\nALLOWED_HOSTS = ['127.0.0.1']\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "bare.settings.production",
        "PYTHONPATH": str(folder),
    }
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], cwd=folder, env=env)
    run([*manage, "collectstatic", "--noinput", "-v0"], cwd=folder, env=env)
    return folder, env


def prepare() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The site's pages to measure, as ``{name: (path, cookie)}``, and the number of
    queries each takes in this process, first and second request (the second
    from the page cache where the page is cached)."""
    import django

    sys.path.insert(0, str(ROOT))  # bench/certificates.py is not the app
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from certificates.models import Certificate
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from courses.services import enrolment_create
    from training.models import HomePage, StandardPage, User

    home = HomePage.objects.get(locale__language_code="nl")
    minimal = StandardPage.objects.filter(slug="bench-minimaal").first()
    if minimal is None:
        minimal = StandardPage(title="Minimaal", slug="bench-minimaal")
        home.add_child(instance=minimal)
        minimal.save_revision().publish()
    catalogue = CourseIndexPage.objects.get(locale__language_code="nl")
    course = (
        CoursePage.objects.live()
        .filter(locale__language_code="nl")
        .order_by("path")
        .first()
    )
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path")[1]
    learner = User.objects.get(email="leerling@bijblijven.example")
    enrolment_create(user=learner, course=course)
    certificate = Certificate.objects.filter(user=learner).order_by("pk").first()
    visitor = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    signed_in = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    signed_in.force_login(learner)
    cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in.session.session_key}"
    pages = {
        "site's minimal page": (minimal.url, ""),
        "home (anonymous)": (home.url, ""),
        "catalogue (anonymous)": (catalogue.url, ""),
        "course page (anonymous)": (course.url, ""),
        "lesson page (learner)": (lesson.url, cookie),
        "Mijn leeromgeving (learner)": (reverse("courses:my_learning"), cookie),
        "verification page by code": (
            reverse("certificates:verify", args=[certificate.code]),
            "",
        ),
    }
    queries = {}
    for name, (path, page_cookie) in pages.items():
        client = signed_in if page_cookie else visitor
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, secure=True)
            if response.status_code != 200:
                raise RuntimeError(f"{name} {path}: HTTP {response.status_code}")
            counts.append(len(captured))
        queries[name] = "/".join(map(str, counts))
    return pages, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--redis-url",
        default="",
        help="the site's cache, as in production (this Redis database is emptied)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, demo_database() as database_url:
        env = production_env(database_url, f"{tmp}/static")
        env["CERTIFICATE_VERIFY_RATE_LIMIT"] = "0"
        if args.redis_url:
            import redis

            # A fresh database reuses ids: nothing cached may outlive it.
            redis.Redis.from_url(args.redis_url).flushdb()
            env["REDIS_URL"] = args.redis_url
        bare: list = []
        making = threading.Thread(
            target=lambda: bare.append(bare_wagtail(Path(tmp) / "bare"))
        )
        making.start()
        run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
        )
        os.environ.update(env)
        pages, queries = prepare()
        making.join()
        if not bare:
            raise RuntimeError("wagtail start failed")
        bare_folder, bare_env = bare[0]
        with (
            gunicorn(database_url, env=env) as site_port,
            gunicorn("", app="bare.wsgi", cwd=bare_folder, env=bare_env) as bare_port,
        ):
            targets = {BASELINE: (bare_port, "/", "")}
            targets |= {
                name: (site_port, path, cookie)
                for name, (path, cookie) in pages.items()
            }
            samples: dict[str, list[float]] = {name: [] for name in targets}
            for port, path, cookie in targets.values():  # warm every worker
                requests_per_second(
                    port,
                    path,
                    seconds=1,
                    concurrency=args.concurrency,
                    cookie=cookie,
                    headers=HEADERS,
                )
            for _ in range(args.rounds):
                for name, (port, path, cookie) in targets.items():
                    samples[name].append(
                        requests_per_second(
                            port,
                            path,
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                            cookie=cookie,
                            headers=HEADERS,
                        )
                    )
            # Printed while the servers run: stopping them on a loaded machine may
            # time out, and the figures must not be lost with it.
            report(samples, queries, args)


def report(samples: dict[str, list[float]], queries: dict[str, str], args) -> None:
    print(
        f"production settings, gunicorn 2 workers per site, {args.concurrency} "
        f"clients, median of {args.rounds} interleaved rounds x {args.seconds:g} s, "
        f"cache: {args.redis_url or 'per-process memory'}"
    )
    base = statistics.median(samples[BASELINE])
    print(f"{'page':<30} {'req/s':>8} {'ratio':>7} {'target':>8} {'queries':>8}")
    for name, values in samples.items():
        value = statistics.median(values)
        ratio = value / base if base else 0.0
        goal = TARGETS.get(name)
        goal_text = f">= {goal:.1f}x" if goal else ""
        verdict = "" if goal is None else ("ok" if ratio >= goal else "BELOW")
        count = queries.get(name, "")
        print(
            f"{name:<30} {value:>8.1f} {ratio:>6.2f}x {goal_text:>8} "
            f"{count!s:>8} {verdict}"
        )


if __name__ == "__main__":
    main()
