"""Delete expired export files and week-old exports and staff imports (run
daily)."""

from django.core.management.base import BaseCommand

from organisations.services.exports import exports_delete_expired


class Command(BaseCommand):
    help = (
        "Delete XLSX exports past their expiry (EXPORT_KEEP_HOURS) and exports and "
        "staff imports older than a week; idempotent."
    )

    def handle(self, *args, **options):
        deleted = exports_delete_expired()
        self.stdout.write(f"Old exports and imports deleted: {deleted}.")
