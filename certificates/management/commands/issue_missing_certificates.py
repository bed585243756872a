"""Issue certificates that completion earned but issuing left undone (safe to run
at any time, and from several places at once)."""

from django.core.management.base import BaseCommand, CommandError

from certificates.services.issue_requests import (
    certificates_issue_missing,
    issue_requests_process_due,
)


class Command(BaseCommand):
    help = (
        "Issue the certificates still owed: first the issue requests whose retry is "
        "due, then (unless --requests-only) every enrolment whose current cycle "
        "has progress but no certificate. Issues at most one per cycle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests-only",
            action="store_true",
            help="Only the outstanding issue requests (cheap; run every few minutes).",
        )

    def handle(self, *args, requests_only=False, **options):
        due = issue_requests_process_due()
        self.stdout.write(
            f"Issue requests: {due.issued} issued, {due.not_complete} not complete, "
            f"{due.failed} failed (kept for the next run)."
        )
        failed = due.failed
        if not requests_only:
            scan = certificates_issue_missing()
            self.stdout.write(
                f"Completed cycles without a certificate: {scan.issued} issued, "
                f"{scan.not_complete} not complete, {scan.failed} failed."
            )
            failed += scan.failed
        if failed:
            # a non-zero exit, so that the timer's failure shows in monitoring
            raise CommandError("Some certificates could not be issued; see the log.")
