"""Send due attendance records to PE-online (run every five minutes)."""

from django.core.management.base import BaseCommand

from registers.services.sending import attendance_send_due


class Command(BaseCommand):
    help = (
        "Send pending attendance records to PE-online in batches of at most 100 and "
        "try again the batches that got no answer; safe to run from several "
        "machines at once. Without PE_ONLINE_URL nothing is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-calls", type=int, default=None, help="Make at most this many calls."
        )

    def handle(self, *args, max_calls=None, **options):
        report = attendance_send_due(max_calls=max_calls)
        self.stdout.write(report.message)
