"""Send this month's report to the managers who asked for it (run every
weekday morning; it sends from the month's first working day on, once per
manager and month, and retries what failed)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from organisations.services.monthly_reports import monthly_reports_send


class Command(BaseCommand):
    help = (
        "Email the monthly report PDF to each opted-in manager, from the first "
        "working day of the month; idempotent, safe on several machines at once. "
        "Exits non-zero when a report could not be sent (the next run retries)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="run as if today were this day (YYYY-MM-DD)",
        )

    def handle(self, *args, **options):
        run = monthly_reports_send(today=options["date"])
        if run.month is None:
            self.stdout.write("Monthly reports: not due before the first working day.")
            return
        self.stdout.write(
            f"Monthly reports {run.month:%Y-%m}: {len(run.sent)} sent, "
            f"{run.skipped} already sent or in progress, {len(run.failed)} failed."
        )
        if run.failed:
            raise CommandError(
                "Not sent (retried on the next run): " + "; ".join(run.failed)
            )
