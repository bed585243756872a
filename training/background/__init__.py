"""Background work that survives its faults, on top of django-tasks-db.

django-tasks-db runs a task once: an exception leaves the row FAILED, a killed
worker leaves it RUNNING forever, and nothing shows either. This package adds
what production needs, for every app's tasks:

- `policy`: a task declares that it is safe to run again (`retrying`), how often
  and after which errors; `retry.retry_when_transient` puts such a failed task
  back in the queue with back-off (connected in `TrainingConfig.ready`).
- `services`: the stale-RUNNING reaper (`manage.py requeue_stale_tasks`),
  enqueueing a task only when the same one is not already waiting
  (`task_enqueue_once`), and requeueing a failed task by hand.
- `liveness`: on PostgreSQL each `db_worker` holds a lock while its process
  lives, so the reaper hands back a killed worker's task at once.
- `selectors` and `admin_views`: "Achtergrondwerk" in the Wagtail admin.
"""
