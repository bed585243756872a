"""Enqueue a render for every certificate whose PDF is missing (safe to run from a
timer: a render already waiting or running is not added twice)."""

from django.core.management.base import BaseCommand

from certificates.services.render_missing import certificates_render_missing


class Command(BaseCommand):
    help = (
        "Enqueue the PDF render of certificates still without a PDF two minutes "
        "after issue; with --check-files also of those whose stored file is gone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check-files",
            action="store_true",
            help="Also look in the media storage for every rendered PDF (one "
            "lookup per certificate: daily, or after restoring a backup).",
        )

    def handle(self, *args, check_files=False, **options):
        result = certificates_render_missing(check_files=check_files)
        line = (
            f"Renders enqueued: {result.enqueued}; already waiting or running: "
            f"{result.already_pending}"
        )
        if check_files:
            line += f"; stored files missing: {result.files_missing}"
        self.stdout.write(line + ".")
