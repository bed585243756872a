"""Background work of the site app through the Django Tasks API: sending queued
emails (`training.outbox`)."""

from django_tasks import task


@task()
def outbox_send_task(*, email_id: int) -> int:
    """Send one queued email if it is still due; returns 1 when sent. A failure
    is recorded on the message and retried by `send_queued_email`."""
    from training.outbox import outbox_drain

    return outbox_drain(ids=[email_id], limit=1).sent
