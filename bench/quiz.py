"""Submissions per second for a 20-question quiz, side by side with the minimal
Wagtail page of bench/pages.py, served by gunicorn (2 workers) on a fresh demo
database and measured in the same run.

    python bench/quiz.py [--rounds 5] [--submissions 100] [--concurrency 4]

Before measuring, it adds quiz pages with the same 20 fixed questions (every
objective type: single, multiple, true/false, short text, ordering, matching; all
on one page) to a demo module and starts one open attempt per learner and quiz,
so every measured POST is a real first submission: parse and grade 20 answers,
write them and the result under the attempt lock. Half the attempts are answered
right (a pass, which also runs the course progress hooks: certificates checks
completion) and half wrong. Each round posts ``--submissions`` of each kind from
``--concurrency`` keep-alive clients and measures the minimal page for as long;
figures are medians over the rounds.
"""

import argparse
import http.client
import queue
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    demo_database,
    django_setup,
    gunicorn,
    requests_per_second,
    signed_in_cookie,
)

QUESTION_TYPES = (
    "single",
    "multiple",
    "true_false",
    "short_text",
    "ordering",
    "matching",
)
QUESTIONS = 20
LEARNERS = 50
CSRF_TOKEN = "b" * 32  # the cookie and header must match; any 32-character secret


def minimal_page_url() -> str:
    from training.models import HomePage, StandardPage

    page = StandardPage.objects.filter(slug="bench-minimaal").first()
    if page is None:
        home = HomePage.objects.get(locale__language_code="nl")
        page = StandardPage(title="Minimaal", slug="bench-minimaal")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page.url


def prepare(total: int, *, right: bool) -> list[tuple[str, str, bytes]]:
    """``total`` open attempts as (path, cookie, form body) ready to submit,
    answered all right (a pass) or all wrong (a fail)."""

    from assessments.models import QuizPage
    from assessments.services import attempt_start
    from courses.models import ModulePage
    from courses.services import course_of, enrolment_create
    from tests.factories.assessments import (
        category_create,
        form_data,
        question_create,
        quiz_create,
    )
    from tests.factories.users import UserFactory

    module = ModulePage.objects.parent_of(
        QuizPage.objects.live().order_by("path").first()
    ).get()
    course = course_of(module)
    tag = "goed" if right else "fout"
    category = category_create(name=f"Bench {tag}", slug=f"bench-{tag}")
    questions = [
        question_create(category=category, type=QUESTION_TYPES[n % 6])
        for n in range(QUESTIONS)
    ]
    quizzes = [
        quiz_create(module, questions=questions, layout="all", slug=f"bench-{tag}-{n}")
        for n in range(-(-total // LEARNERS))
    ]
    learners = []
    for _ in range(LEARNERS):
        learner = UserFactory()
        enrolment_create(user=learner, course=course)
        learners.append((learner, signed_in_cookie(learner, CSRF_TOKEN)))
    prepared = []
    for quiz in quizzes:
        for learner, cookie in learners:
            attempt = attempt_start(user=learner, quiz=quiz)
            body = urlencode(
                {
                    "vraag": "1",
                    "action": "submit",
                    **form_data(attempt.questions, right=right),
                },
                doseq=True,
            ).encode()
            prepared.append((f"/toetsen/poging/{attempt.public_id}/", cookie, body))
    return prepared[:total]


def submissions_per_second(port: int, items, concurrency: int) -> float:
    """Post every prepared submission once from ``concurrency`` clients."""
    work: queue.Queue = queue.Queue()
    for item in items:
        work.put(item)
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            try:
                path, cookie, body = work.get_nowait()
            except queue.Empty:
                break
            headers = {
                "Cookie": cookie,
                "X-CSRFToken": CSRF_TOKEN,
                "Content-Type": "application/x-www-form-urlencoded",
            }
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            location = response.getheader("Location") or ""
            if response.status != 302 or not location.endswith("/uitslag/"):
                failures.append(f"{path}: HTTP {response.status} {location}")
                break
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise RuntimeError(failures[0])
    return len(items) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    warm = args.concurrency * 5
    needed = args.rounds * args.submissions + warm
    with demo_database() as database_url:
        django_setup(database_url)
        minimal = minimal_page_url()
        kinds = {
            "submit, passing (POST)": prepare(needed, right=True),
            "submit, failing (POST)": prepare(needed, right=False),
        }
        from django.db import connections

        connections.close_all()  # gunicorn writes to the same SQLite file
        rates: dict[str, list[float]] = {name: [] for name in kinds}
        rates["minimal Wagtail page (GET)"] = []
        with gunicorn(database_url) as port:
            requests_per_second(port, minimal, seconds=1, concurrency=args.concurrency)
            for items in kinds.values():
                submissions_per_second(port, items[:warm], args.concurrency)
            for number in range(args.rounds):
                start = warm + number * args.submissions
                seconds = 0.0
                for name, items in kinds.items():
                    batch = items[start : start + args.submissions]
                    rate = submissions_per_second(port, batch, args.concurrency)
                    rates[name].append(rate)
                    seconds += len(batch) / rate
                rates["minimal Wagtail page (GET)"].append(
                    requests_per_second(
                        port,
                        minimal,
                        seconds=seconds / len(kinds),
                        concurrency=args.concurrency,
                    )
                )
        from assessments.models import Attempt

        graded = Attempt.objects.filter(
            quiz__slug__startswith="bench-", status="submitted"
        )
        passed = graded.filter(score=1.0).count()
        failed = graded.filter(score=0.0).count()
    medians = {name: statistics.median(values) for name, values in rates.items()}
    base = medians["minimal Wagtail page (GET)"]
    print(
        f"gunicorn 2 workers, {args.concurrency} clients, median of {args.rounds} "
        f"rounds of {args.submissions}; 20 questions per attempt; "
        f"{passed} attempts graded 100%, {failed} graded 0%"
    )
    print(f"{'what':<34} {'per second':>10} {'ratio':>7}")
    for name in ("minimal Wagtail page (GET)", *kinds):
        print(f"{name:<34} {medians[name]:>10.1f} {medians[name] / base:>6.2f}x")
    print(
        "A passing submission also runs the course progress hooks (certificates "
        "checks completion and may issue one)."
    )


if __name__ == "__main__":
    main()
