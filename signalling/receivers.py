"""Publishing a signal delivers it after commit (a task; inline in development
and tests). `manage.py deliver_signals` reruns the same idempotent service."""

from django.db import transaction


def deliver_on_publish(sender, instance, **kwargs):
    signal_id = instance.pk
    transaction.on_commit(lambda: _enqueue(signal_id), robust=True)


def _enqueue(signal_id: int) -> None:
    from signalling.tasks import signal_deliver_task

    signal_deliver_task.enqueue(signal_id=signal_id)
