"""Background work: delivering a published signal (recipients and their
emails). Idempotent, so it may run again after a failure."""

from django_tasks import task

from training.background.policy import retrying


@retrying()
@task()
def signal_deliver_task(*, signal_id: int) -> int:
    from signalling.services import signal_deliver

    return signal_deliver(signal_id=signal_id)
