"""Compliance dashboard and exports at scale, on SQLite and on PostgreSQL.

    python bench/compliance.py [--people 5000] [--courses 10] [--runs 7]
                               [--backends sqlite,postgres] [--pg-url URL]
                               [--redis-url redis://127.0.0.1:6379/11]

For each database a fresh one is created (a temporary SQLite file; a temporary
PostgreSQL database at --pg-url, dropped afterwards), migrated and seeded with
`seed_bench_data`'s code: one organisation with --people people and --courses
required courses. Then, in-process with Django's test client (server time, no
network), it prints:

- the dashboard's first page: median and spread of --runs requests (target under
  300 ms), and its query count;
- the same page sorted by a course's status, filtered on "te laat", and
  searched on a name (ten people);
- with --redis-url (a shared cache, as in production: the dashboard's grid is
  cached, organisations/selectors/grid_cache.py) each of these pages twice:
  "warm", repeated as it is, and "cold", with the organisation's member set
  changed before each request (outside the timing) so the grid is computed and
  stored again, and "one member changed" (a learner's own version replaced
  before each request, as a lesson opened does) so only that member's row is
  read again; without it the cache is off (each process's own memory) and
  every request is cold;
- the managers' trend page (twelve months, thirteen weeks, per team): its
  median, its ratio to the dashboard's first page (target under 2x) and its
  query count;
- a CSV and an XLSX export of people × courses rows (50,000 for the defaults):
  time (CSV median of 3, XLSX one run) and peak Python memory (tracemalloc) for
  all rows and for a fifth of them (one team): memory does not grow with rows.

Times are wall and CPU time of the Django process: on a shared machine the wall
time includes waiting for other processes (the load average is printed).
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, bench_env, django_setup

TARGET_MS = 300
TREND_RATIO = 2  # the trend page may take at most twice the dashboard's time


def _consume(response) -> int:
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return size


def _timed(fn, runs: int, before=None) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of this process per run (`before()` runs first,
    untimed). CPU time excludes waiting for other processes on a busy machine
    (and a PostgreSQL server's own work), so both are printed."""
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def _peak(fn) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _trend_agrees_with_dashboard(organisation) -> bool:
    """Today's point of every course's trend line equals the dashboard's count of
    valid certificates and of people who need one (one status function)."""
    from django.utils import timezone

    from organisations.compliance import CellStatus
    from organisations.selectors.dashboard import Filters, dashboard_get
    from organisations.selectors.trend import trend_get

    today = timezone.localdate()
    board = dashboard_get(
        organisation=organisation, filters=Filters(), page_number=1, today=today
    )
    trend = trend_get(organisation=organisation, today=today)
    if len(trend.courses) != len(board.totals):
        return False
    return all(
        (series.shares[-1].valid, series.shares[-1].required)
        == (
            total.get(CellStatus.GELDIG) + total.get(CellStatus.VERLOOPT_BINNENKORT),
            total.required,
        )
        for series, total in zip(trend.courses, board.totals, strict=True)
    )


def worker(args) -> dict:
    """Runs in a subprocess whose DATABASE_URL is the database under test."""
    django_setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    call_command("migrate", verbosity=0, interactive=False)
    from demo.site import home_page_ensure
    from organisations.models import Organisation, Team
    from organisations.seed import bench_data_seed
    from training.models import User

    home_page_ensure()
    started = time.perf_counter()
    seeded = bench_data_seed(
        organisations=1,
        people=args.people,
        courses=args.courses,
        requirements=args.courses,
        certificates=args.people * args.courses * 6 // 10,
    )
    seed_seconds = time.perf_counter() - started
    organisation = Organisation.objects.get(name="Benchorganisatie 1")
    admin = User.objects.get(email="bench-admin-1@bench.example")
    client = Client()
    client.force_login(admin)
    org = organisation.pk
    dashboard = reverse("organisations:dashboard", args=[org])
    trend = reverse("organisations:trend", args=[org])
    course_id = organisation.required_trainings.order_by("pk").first().course_id

    def get(url, **params):
        def run():
            response = client.get(url, params)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return response

        return run

    results: dict = {
        "trend agrees": _trend_agrees_with_dashboard(organisation),
        "seed_seconds": round(seed_seconds, 1),
        "seeded": str(seeded),
        "load": os.getloadavg()[0],
    }
    from organisations.selectors.grid_cache import members_scope
    from training.learner_cache import enabled, learner_changed, scope_changed

    results["cached"] = enabled()
    # as the WSGI entry point (training/wsgi.py) does once the app is loaded:
    # what lives as long as the process stays out of full garbage collections
    gc.collect()
    gc.freeze()

    def forget() -> None:
        """The organisation's member set changed: its grid is computed again."""
        scope_changed(members_scope(org))

    member_ids = iter(
        organisation.memberships.order_by("?").values_list("user_id", flat=True)
    )

    def one_changed() -> None:
        """One member's own rows changed (a lesson opened): the next request
        reads that member again."""
        learner_changed(next(member_ids))

    def figures(walls, cpus) -> dict:
        return {
            "median_ms": round(statistics.median(walls), 1),
            "min_ms": round(min(walls), 1),
            "max_ms": round(max(walls), 1),
            "cpu_ms": round(statistics.median(cpus), 1),
        }

    for name, run in (
        ("dashboard first page", get(dashboard)),
        ("sorted by course status", get(dashboard, sorteer=f"c{course_id}")),
        ("filtered on te laat", get(dashboard, status="te_laat")),
        ("searched", get(dashboard, zoek="Achternaam00123")),
        ("trend page", get(trend)),
    ):
        run()
        run()  # warm: templates, content types, site root
        results[name] = figures(*_timed(run, args.runs))
        if results["cached"] and name != "trend page":
            results[f"{name} (cold)"] = figures(*_timed(run, args.runs, forget))
            results[f"{name} (one member changed)"] = figures(
                *_timed(run, args.runs, one_changed)
            )
    forget()
    with CaptureQueriesContext(connection) as queries:
        get(dashboard)()
    results["dashboard queries (cold)"] = len(queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        get(dashboard)()
    results["dashboard queries"] = len(queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        get(trend)()
    results["trend queries"] = len(queries.captured_queries)

    team = Team.objects.filter(organisation=organisation).order_by("pk").first()
    for kind in ("csv", "xlsx"):
        url = reverse(f"organisations:export_{kind}", args=[org])

        def export(url=url, kind=kind, **params):
            if kind == "csv":
                return _consume(client.get(url, params))
            # The XLSX is written by a task (inline with the immediate backend
            # this runs with) after the request; then it is downloaded.
            query = "&".join(f"{k}={v}" for k, v in params.items())
            status = client.post(f"{url}?{query}")
            return _consume(client.get(f"{status.url}download/"))

        size = export()
        rows = None
        if kind == "csv":
            content = b"".join(client.get(url).streaming_content)
            rows = content.count(b"\n") - 1
        walls, cpus = _timed(export, 3 if kind == "csv" else 1)
        results[f"{kind} export"] = {
            "rows": rows,
            "bytes": size,
            "median_s": round(statistics.median(walls) / 1000, 2),
            "cpu_s": round(statistics.median(cpus) / 1000, 2),
            "peak_mib_all": round(_peak(export) / 2**20, 1),
            "peak_mib_one_team": round(_peak(lambda: export(team=team.pk)) / 2**20, 1),
        }
    return results


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def run_backend(name: str, args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        if name == "sqlite":
            url = f"sqlite:///{tmp}/bench.sqlite3"
            drop = None
        else:
            database = f"bench_compliance_{os.getpid()}"
            admin_url = args.pg_url.rsplit("/", 1)[0] + "/postgres"
            _pg_admin(admin_url, f'CREATE DATABASE "{database}"')
            url = args.pg_url.rsplit("/", 1)[0] + f"/{database}"

            def drop():
                _pg_admin(
                    admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'
                )

        try:
            completed = subprocess.run(
                [
                    PYTHON,
                    __file__,
                    "--worker",
                    "--database-url",
                    url,
                    "--people",
                    str(args.people),
                    "--courses",
                    str(args.courses),
                    "--runs",
                    str(args.runs),
                ],
                cwd=ROOT,
                env=bench_env(url),
                check=True,
                capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as error:
            print(error.stdout, error.stderr, file=sys.stderr)
            raise
        finally:
            if drop is not None:
                drop()
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(name: str, results: dict, args) -> None:
    print(f"\n== {name}: 1 organisation, {args.people} people, {args.courses} courses")
    print(f"seeded in {results['seed_seconds']} s: {results['seeded']}")
    print(f"machine load average (1 min) during the run: {results['load']:.1f}")
    cache = (
        "the grid cached (Redis): warm = repeated, cold = grid recomputed"
        if results["cached"]
        else "no shared cache: every request computes the grid"
    )
    print(cache)
    pages = ["dashboard first page", "sorted by course status", "filtered on te laat"]
    pages.append("searched")
    if results["cached"]:
        pages = [
            name
            for page in pages
            for name in (f"{page} (cold)", f"{page} (one member changed)", page)
        ]
    for page in pages:
        figures = results[page]
        verdict = "ok" if figures["median_ms"] < TARGET_MS else "ABOVE TARGET"
        print(
            f"{page:<46} median {figures['median_ms']:>6.1f} ms wall, "
            f"{figures['cpu_ms']:>6.1f} ms CPU (wall min {figures['min_ms']:.1f}, "
            f"max {figures['max_ms']:.1f}; target < {TARGET_MS} ms: {verdict})"
        )
    print(
        f"dashboard queries per page: {results['dashboard queries']}"
        + (
            f" warm, {results['dashboard queries (cold)']} cold"
            if results["cached"]
            else ""
        )
    )
    agrees = "yes" if results["trend agrees"] else "NO"
    print(f"today's trend figures equal the dashboard's for every course: {agrees}")
    # the trend page against the dashboard computing its grid (cold)
    trend = results["trend page"]
    first = (
        results.get("dashboard first page (cold)") or results["dashboard first page"]
    )
    ratio = trend["median_ms"] / first["median_ms"]
    cpu_ratio = trend["cpu_ms"] / first["cpu_ms"]
    verdict = "ok" if ratio < TREND_RATIO else "ABOVE TARGET"
    print(
        f"{'trend page':<24} median {trend['median_ms']:>6.1f} ms wall, "
        f"{trend['cpu_ms']:>6.1f} ms CPU (wall min {trend['min_ms']:.1f}, "
        f"max {trend['max_ms']:.1f}); {ratio:.2f}x the dashboard's first page "
        f"({'cold' if results['cached'] else 'uncached'}) "
        f"wall, {cpu_ratio:.2f}x CPU (target < {TREND_RATIO}x: {verdict}); "
        f"{results['trend queries']} queries"
    )
    for kind in ("csv", "xlsx"):
        figures = results[f"{kind} export"]
        rows = f"{figures['rows']} rows, " if figures["rows"] is not None else ""
        print(
            f"{kind.upper():<4} export: {rows}{figures['bytes'] / 2**20:.1f} MiB in "
            f"{figures['median_s']} s wall, {figures['cpu_s']} s CPU; "
            "peak Python memory "
            f"{figures['peak_mib_all']} MiB (all rows) vs "
            f"{figures['peak_mib_one_team']} MiB (one team, ~1/5 of the rows)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--courses", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="a Redis database for the cache (as in production); without it "
        "the cache is each process's own memory and the grid is not cached",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return
    os.environ.pop("REDIS_URL", None)
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    for name in args.backends.split(","):
        report(name, run_backend(name, args), args)


if __name__ == "__main__":
    main()
