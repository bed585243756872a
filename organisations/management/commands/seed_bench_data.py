"""Create a large, recognisable data set for benchmarks (idempotent)."""

import time

from django.core.management.base import BaseCommand, CommandError

from organisations.seed import bench_data_seed


class Command(BaseCommand):
    help = (
        "Create bench organisations, people, courses, required training and "
        "certificates with bulk inserts (idempotent; 'Bench' names)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=1)
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--courses", type=int, default=10)
        parser.add_argument("--required", type=int, default=10, help="per organisation")
        parser.add_argument("--certificates", type=int, default=30000)

    def handle(self, *args, **options):
        numbers = {
            key: options[key]
            for key in (
                "organisations",
                "people",
                "courses",
                "required",
                "certificates",
            )
        }
        if any(value < 0 for value in numbers.values()) or not (
            numbers["organisations"] and numbers["people"] and numbers["courses"]
        ):
            raise CommandError("Organisations, people and courses must be positive.")
        started = time.monotonic()
        result = bench_data_seed(
            organisations=numbers["organisations"],
            people=numbers["people"],
            courses=numbers["courses"],
            requirements=numbers["required"],
            certificates=numbers["certificates"],
        )
        self.stdout.write(
            f"{result.organisations} organisations, {result.people} people, "
            f"{result.courses} courses, {result.requirements} required trainings, "
            f"{result.certificates} new certificates, {result.enrolments} new "
            f"enrolments in {time.monotonic() - started:.1f} s."
        )
