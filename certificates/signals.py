"""Reacting to Wagtail's publish signal: a recorded material change goes to the
holders of valid certificates, in a task after the publish commits."""

from django.db import transaction

from courses.models import ContentChange


def notify_material_change(sender, instance, revision=None, **kwargs):
    # Runs after courses' receiver (courses comes first in INSTALLED_APPS), which
    # has recorded the ContentChange for this revision if it was marked.
    if revision is None:
        return
    change_id = (
        ContentChange.objects.filter(revision=revision)
        .values_list("pk", flat=True)
        .first()
    )
    if change_id is None:
        return

    def enqueue():
        from certificates.tasks import content_change_notify_task

        content_change_notify_task.enqueue(change_id=change_id)

    transaction.on_commit(enqueue)
