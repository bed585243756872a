"""Email expiry reminders that are due (safe to run every hour)."""

import datetime

from django.core.management.base import BaseCommand

from certificates.services.reminders import expiry_reminders_send, reminder_offsets


class Command(BaseCommand):
    help = (
        "Send certificate expiry reminders due today (CERTIFICATE_REMINDER_DAYS); "
        "each reminder goes out once per certificate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Act as if it were this date (YYYY-MM-DD), for catching up.",
        )

    def handle(self, *args, today=None, **options):
        result = expiry_reminders_send(today=today)
        offsets = ", ".join(str(days) for days in reminder_offsets())
        self.stdout.write(
            f"Reminders sent: {result.sent} (offsets in days: {offsets}); "
            f"already sent by another run: {result.skipped}."
        )
