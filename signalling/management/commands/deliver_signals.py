"""Deliver every live signal whose deadline has not passed: reaches people who
became targeted since it was published, and finishes a delivery that a stopped
worker left. Idempotent: nobody gets a signal or its email twice."""

from django.core.management.base import BaseCommand

from signalling.services import signals_deliver_open


class Command(BaseCommand):
    help = "Deliver open signals to everyone they target who was not reached yet."

    def handle(self, *args, **options):
        count = signals_deliver_open()
        self.stdout.write(f"Signals delivered to {count} more people.")
