"""Serving one scenario step: queries and time per request as scenarios grow.

    python bench/scenario_step.py [--requests 200]

On a fresh demo database, adds chain scenarios of 10, 200 and 500 steps to a demo
module, starts an attempt for the demo learner in each, and measures in-process
(Django test client, no network): the queries of a step page and of a choice, the
median time of a step page, of a choice + back round trip, and of the first step
page after a restart (the definition is parsed once per process and version).
Target (docs/product.md): the same number of queries whatever the size.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import demo_database, django_setup

SIZES = (10, 200, 500)


def prepare(size: int):
    from django.test import Client

    from assessments.scenarios.models import ScenarioPage
    from courses.models import ModulePage
    from tests.factories.scenarios import chain_definition, scenario_page_create
    from training.models import User

    learner = User.objects.get(email="leerling@bijblijven.example")
    page = ScenarioPage.objects.live().order_by("path").first()
    module = ModulePage.objects.parent_of(page).get()
    from courses.services import course_of, enrolment_create

    enrolment_create(user=learner, course=course_of(module))
    definition = chain_definition(size)
    definition["allow_back"] = True
    bench_page = scenario_page_create(
        module, definition, slug=f"bench-keten-{size}", title=f"Keten {size}"
    )
    client = Client()
    client.force_login(learner)
    client.post(bench_page.url)
    return client, bench_page


class QueryCounter:
    """Counts the SQL statements run on a connection (``execute_wrapper``)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(call, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def measure(size: int, repeat: int) -> dict[str, float]:
    from django.db import connection

    from assessments.scenarios import selectors
    from assessments.scenarios.models import ScenarioAttempt

    client, page = prepare(size)
    play = page.url + "speel/"

    def attempt():
        return ScenarioAttempt.objects.get(page=page, status="in_progress")

    def post(action: str, choice: str = ""):
        current = attempt()
        data = {
            "action": action,
            "attempt": current.pk,
            "step": current.step,
            "moves": current.moves,
            "choice": choice,
        }
        response = client.post(play, data)
        if response.status_code != 302:
            raise SystemExit(f"{action}: HTTP {response.status_code}")

    selectors._PARSED.clear()
    started = time.perf_counter()
    if client.get(play).status_code != 200:
        raise SystemExit("step page did not answer 200")
    cold = (time.perf_counter() - started) * 1000
    step_queries, choice_queries = QueryCounter(), QueryCounter()
    with connection.execute_wrapper(step_queries):
        client.get(play)
    current = attempt()
    with connection.execute_wrapper(choice_queries):
        response = client.post(
            play,
            {
                "action": "choice",
                "attempt": current.pk,
                "step": current.step,
                "moves": current.moves,
                "choice": "c1",
            },
        )
    if response.status_code != 302:
        raise SystemExit(f"choice: HTTP {response.status_code}")
    post("back")
    return {
        "steps": size,
        "step queries": step_queries.count,
        "choice queries": choice_queries.count,
        "step page ms": timed(lambda: client.get(play), repeat),
        "choice+back ms": timed(lambda: (post("choice", "c1"), post("back")), 20),
        "first page ms": cold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with demo_database() as database_url:
        django_setup(database_url)
        rows = [measure(size, args.requests) for size in SIZES]
    columns = list(rows[0])
    print(f"in-process, median of {args.requests} step pages, SQLite demo database")
    print("  ".join(f"{name:>15}" for name in columns))
    for row in rows:
        print(
            "  ".join(
                f"{row[name]:>15.2f}"
                if isinstance(row[name], float)
                else f"{row[name]:>15}"
                for name in columns
            )
        )
    same = len({row["step queries"] for row in rows}) == 1
    print(f"step queries constant across sizes: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
