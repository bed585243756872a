"""Create the national-size data set of bench/scale.py on top of the demo."""

import time

from django.core.management.base import BaseCommand, CommandError

from organisations.seed_national import NationalSize, national_data_seed


class Command(BaseCommand):
    help = (
        "Add 100,000 learners over 1,000 organisations with their progress, "
        "attempts, certificates and reminders to the demo (bulk inserts; a "
        "second run adds nothing). --scale shrinks every number."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, **options):
        scale = options["scale"]
        if not 0 < scale <= 1:
            raise CommandError("--scale must be above 0 and at most 1.")
        started = time.monotonic()
        result = national_data_seed(size=NationalSize().scaled(scale))
        if not result.counts:
            self.stdout.write("The national data set is already there.")
            return
        self.stdout.write(f"{result} in {time.monotonic() - started:.1f} s.")
