"""Install the demo: home page, courses and accounts. Idempotent: running it again
creates nothing twice and updates changed content as new revisions."""

from django.core.management.base import BaseCommand

from demo.accounts import DEMO_PASSWORD, demo_accounts_ensure
from demo.site import home_page_ensure


class Command(BaseCommand):
    help = "Load the demo home page, courses and accounts (idempotent)."

    def handle(self, *args, **options):
        home = home_page_ensure()
        self.stdout.write(f"Home page: {home.title} (id {home.pk})")
        accounts = demo_accounts_ensure()
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        )
        for account in accounts:
            self.stdout.write(f"  {account.role:<8} {account.email}")
