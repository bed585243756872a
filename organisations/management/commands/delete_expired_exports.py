"""Delete expired export files, and week-old exports, staff imports and
question imports (run daily)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from assessments.services.question_imports import question_imports_delete_old
from organisations.services.exports import exports_delete_expired
from training.uploads import KEEP_IMPORTS


class Command(BaseCommand):
    help = (
        "Delete XLSX exports past their expiry (EXPORT_KEEP_HOURS) and exports, "
        "staff imports and question imports older than a week; idempotent."
    )

    def handle(self, *args, **options):
        deleted = exports_delete_expired()
        deleted += question_imports_delete_old(before=timezone.now() - KEEP_IMPORTS)
        self.stdout.write(f"Old exports and imports deleted: {deleted}.")
