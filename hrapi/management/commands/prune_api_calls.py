"""Remove API call log rows older than HR_API_CALL_RETENTION_DAYS. Idempotent:
safe from a daily timer."""

from django.core.management.base import BaseCommand

from hrapi.services import api_calls_prune, call_retention_days


class Command(BaseCommand):
    help = "Delete HR API call log rows older than HR_API_CALL_RETENTION_DAYS."

    def handle(self, *args, **options):
        removed = api_calls_prune()
        self.stdout.write(
            f"API calls: {removed} rows older than {call_retention_days()} days "
            "removed."
        )
