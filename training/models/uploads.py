"""What every import job that reads a stored upload in the background keeps
(the staff import and the question import)."""

from django.db import models
from django.utils import timezone

from training.uploads import STALLED_AFTER, import_upload_to


class StoredUpload(models.Model):
    """`upload` is private and deleted once the task has read it. `submission`
    is the upload form's one-time key: a second submit of the same form finds
    the first job. `heartbeat_at` moves with each step of the task."""

    upload = models.FileField(upload_to=import_upload_to, blank=True)
    filename = models.CharField(max_length=200, blank=True)  # as uploaded
    language = models.CharField(max_length=10, blank=True)  # of the messages
    submission = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def heartbeat_lost(self) -> bool:
        """No step for `STALLED_AFTER`: the worker running it died."""
        return (
            self.heartbeat_at is not None
            and timezone.now() - self.heartbeat_at > STALLED_AFTER
        )
