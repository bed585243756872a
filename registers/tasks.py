"""Background work through the Django Tasks API (`manage.py db_worker` in
production, immediate in development and tests): sending attendance records to
PE-online. Queued after a record is created or requeued, and every few minutes by
`manage.py send_attendance_records` (docs/deployment.md), which also picks up the
batches waiting for another try."""

from django_tasks import task

from training.background.policy import retrying


# Idempotent: records are claimed into batches, so a second run sends what the
# first left. A database error is worth another try.
@retrying(max_attempts=3)
@task()
def attendance_send_task() -> str:
    """Send every due batch; returns what happened (shown under Achtergrondwerk)."""
    from registers.services.sending import attendance_send_due

    return attendance_send_due().message
