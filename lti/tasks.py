"""Background work: posting a course result to the learner's LMS (AGS)."""

import requests
from django.db import DatabaseError
from django_tasks import task
from pylti1p3.exception import LtiException, LtiServiceException

from training.background.policy import retrying


# Idempotent (a sent score is not sent again). A platform that is down, slow or
# answers with an error may be back later: up to 6 attempts over about half an
# hour, then the task stays FAILED under Achtergrondwerk and the row says why.
@retrying(
    max_attempts=6,
    transient=(
        requests.RequestException,
        LtiServiceException,
        LtiException,
        DatabaseError,
        OSError,
    ),
)
@task()
def score_send_task(*, score_send_id: int) -> str:
    from lti.services.grades import score_send

    send = score_send(score_send_id=score_send_id)
    return f"score sent to {send.target.lineitem_url}"
