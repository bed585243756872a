"""Requests per second of learner pages against a minimal Wagtail page, served by
gunicorn (2 workers) on a fresh demo database, measured side by side in one run.

    python bench/pages.py [--rounds 5] [--seconds 3] [--concurrency 4]

Targets (docs/product.md): anonymous course page >= 0.8x the minimal page, a
signed-in learner's lesson page >= 0.5x.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import demo_database, django_setup, gunicorn, measure, print_table


def prepare() -> dict[str, tuple[str, str]]:
    from django.conf import settings
    from django.test import Client

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
    client = Client()
    client.force_login(learner)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"
    return {
        "minimal Wagtail page": (minimal.url, ""),
        "catalogue": (catalogue.url, ""),
        "course page (anonymous)": (course.url, ""),
        "lesson page (learner)": (lesson.url, cookie),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with demo_database() as database_url:
        django_setup(database_url)
        targets = prepare()
        with gunicorn(database_url) as port:
            results = measure(
                port,
                targets,
                rounds=args.rounds,
                seconds=args.seconds,
                concurrency=args.concurrency,
            )
    print(
        f"gunicorn 2 workers, {args.concurrency} clients, "
        f"median of {args.rounds} rounds x {args.seconds:.0f} s"
    )
    print_table(
        results,
        "minimal Wagtail page",
        {"course page (anonymous)": 0.8, "lesson page (learner)": 0.5},
    )


if __name__ == "__main__":
    main()
