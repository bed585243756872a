"""Install the demo: home page, cards, courses, roles, workflow and accounts.
Idempotent: running it again creates nothing twice and publishes changed content
as new revisions."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.roles import catalogue_roles_ensure
from demo.accounts import DEMO_PASSWORD, demo_accounts_ensure
from demo.loaders.accreditations import accreditations_demo_load
from demo.loaders.cards import referral_cards_load, substance_cards_load, topics_load
from demo.loaders.certificates import certificates_demo_load
from demo.loaders.courses import catalogue_ensure, courses_load
from demo.loaders.organisations import POLICE_MANAGER, organisations_load
from demo.loaders.quizzes import quiz_load  # noqa: F401 - registers the quiz loader
from demo.loaders.records import course_records_load
from demo.loaders.scenarios import scenario_load  # noqa: F401 - registers it too
from demo.loaders.signals import signals_load
from demo.loaders.site_pages import site_pages_load
from demo.loaders.translations import english_content_load
from demo.site import home_page_ensure, site_settings_link


class Command(BaseCommand):
    help = "Load the demo home page, courses and accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply migrations first (what `make run` does: one start of "
            "Django instead of two).",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError(
                "The demo is not loaded under these settings: it creates accounts, a "
                "superuser among them, with a published password. Use the development "
                "settings for a demo."
            )
        if options["migrate"]:
            call_command("migrate", interactive=False, skip_checks=True, verbosity=0)
        self._load()

    @transaction.atomic
    def _load(self):
        home = home_page_ensure()
        accounts = demo_accounts_ensure()
        topics_load()
        cards = substance_cards_load() + referral_cards_load()
        courses = courses_load(home)
        course_records_load(home)  # after the courses' questions and scenarios
        catalogue = catalogue_ensure(home)
        site_settings_link(home=home, catalogue=catalogue)
        catalogue_roles_ensure(catalogue)
        english_content_load()
        site_pages_load(home)  # after the English home page: they are translated
        certificates_demo_load()
        accreditations_demo_load(home)  # after the certificates: records catch up
        self.stdout.write(f"Home page, {len(courses)} courses, {cards} cards updated.")
        self.stdout.write(organisations_load())
        self.stdout.write(signals_load())
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        )
        for account in accounts:
            self.stdout.write(f"  {account.role:<8} {account.email}")
        # made by the organisations loader: the manager of the second organisation
        self.stdout.write(f"  {'manager':<8} {POLICE_MANAGER}")
