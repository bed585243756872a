"""Requeue background tasks whose worker died while running them (safe to run
from a timer, and from several machines at once)."""

import datetime

from django.core.management.base import BaseCommand

from training.background.services import tasks_requeue_stale


class Command(BaseCommand):
    help = (
        "Tasks RUNNING longer than their limit (30 minutes unless the task sets "
        "its own) lost their worker: requeue those that may run again, mark the "
        "others failed so that they show under Achtergrondwerk in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="SECONDS",
            help="Treat every task running longer than this as stale (overrides "
            "the per-task limits; only when no worker is running it).",
        )

    def handle(self, *args, older_than=None, **options):
        limit = None if older_than is None else datetime.timedelta(seconds=older_than)
        result = tasks_requeue_stale(older_than=limit)
        self.stdout.write(
            f"Stale tasks: {result.requeued} requeued, {result.failed} marked failed."
        )
