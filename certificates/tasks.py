"""Background work through the Django Tasks API (`manage.py db_worker` in
production, immediate in development and tests)."""

import datetime

from django_tasks import task

from certificates.models import Certificate
from courses.models import ContentChange
from training.background.policy import retrying


# A storage or database error is retried (about 8 minutes over 5 attempts); a render
# takes well under a second, so one running for 10 minutes lost its worker.
@retrying(max_attempts=5, stale_after=datetime.timedelta(minutes=10))
@task()
def certificate_render_task(*, certificate_id: int) -> str:
    """Sign, render and store the PDF of an issued certificate, or store it again
    when its file went missing (idempotent)."""
    from certificates.services.render import certificate_render

    certificate = Certificate.objects.select_related("course", "user").get(
        pk=certificate_id
    )
    return certificate_render(certificate=certificate).pdf.name


@retrying(max_attempts=3)
@task()
def certificate_issue_task(*, request_id: int) -> str:
    """Try an issue request again (idempotent; a request already decided is gone)."""
    from certificates.models import IssueRequest
    from certificates.services.issue_requests import issue_request_process

    request = (
        IssueRequest.objects.select_related("user", "course")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return "already decided"
    certificate = issue_request_process(request=request, retry_task=True)
    return certificate.code if certificate else "not issued"


@task()
def content_change_notify_task(*, change_id: int) -> int:
    """Tell holders of valid certificates about a material change (idempotent)."""
    from certificates.services.content_updates import content_change_notify

    change = (
        ContentChange.objects.select_related("course", "module")
        .filter(pk=change_id)
        .first()
    )
    return content_change_notify(change=change) if change else 0
