"""Remove privacy log entries (views and exports) older than
PRIVACY_LOG_RETENTION_DAYS; erasures are kept. Idempotent: safe from a daily
timer."""

from django.core.management.base import BaseCommand

from training.privacy_log import privacy_log_prune, retention_days


class Command(BaseCommand):
    help = (
        "Delete privacy log entries of views and exports older than "
        "PRIVACY_LOG_RETENTION_DAYS (erasures are kept)."
    )

    def handle(self, *args, **options):
        removed = privacy_log_prune()
        self.stdout.write(
            f"Privacy log: {removed} entries older than {retention_days()} days "
            "removed."
        )
