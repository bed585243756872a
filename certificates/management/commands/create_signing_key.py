"""Create the Open Badges signing key (idempotent), or rotate it with --rotate."""

from django.core.management.base import BaseCommand

from certificates.services.keys import key_id, signing_key_create


class Command(BaseCommand):
    help = "Create the Ed25519 signing key for Open Badges credentials (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Retire the active key (it stays published) and start a new one.",
        )

    def handle(self, *args, rotate=False, **options):
        key, created = signing_key_create(rotate=rotate)
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} signing key #{key.number}: {key_id(key.number)}")
        self.stdout.write(f"publicKeyMultibase: {key.public_multibase}")
