"""Send the emails in the outbox that are due (run every minute or five)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from training.outbox import outbox_drain, outbox_prune


class Command(BaseCommand):
    help = (
        "Send queued emails that are due, retrying failed ones with back-off; "
        "safe to run from several machines at once. Deletes sent emails older "
        "than EMAIL_OUTBOX_KEEP_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=1000, help="Send at most this many."
        )

    def handle(self, *args, limit=1000, **options):
        result = outbox_drain(limit=limit)
        pruned = outbox_prune(keep_days=settings.EMAIL_OUTBOX_KEEP_DAYS)
        self.stdout.write(
            f"Emails sent: {result.sent}; to retry: {result.retrying}; "
            f"failed for good: {result.failed}; old sent emails deleted: {pruned}."
        )
        if result.server_down:
            self.stderr.write("The mail server could not be reached; tried later.")
