"""Tell holders about recent material course changes (idempotent safety net for
the task that publishing enqueues)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.services.content_updates import content_change_notify
from courses.models import ContentChange


class Command(BaseCommand):
    help = "Create content-update notices for recent material changes (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days=30, **options):
        since = timezone.now() - datetime.timedelta(days=days)
        changes = ContentChange.objects.filter(created_at__gte=since).select_related(
            "course", "module"
        )
        total = sum(content_change_notify(change=change) for change in changes)
        self.stdout.write(f"Notices created: {total} for {len(changes)} changes.")
