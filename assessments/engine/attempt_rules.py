"""Whether a learner may start another attempt, free of Django and the database.

The service calls ``start_refusal`` with the learner's attempts in the current
certification cycle, under a lock, and the quiz page calls it to explain what
is possible. Refusal codes (translated in ``assessments.quiz_messages``):

- ``already_passed``: a submitted attempt in this cycle passed.
- ``awaiting_marking``: the last attempt waits for a trainer (passed unknown).
- ``max_attempts`` (max): the cycle's attempts are used up.
- ``cooldown`` (until): the last attempt was submitted less than the cool-down ago.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# A little slack for the network between the learner's last click and the server.
DEADLINE_GRACE = datetime.timedelta(seconds=5)


@dataclass(frozen=True)
class PastAttempt:
    submitted_at: datetime.datetime | None  # None while in progress
    passed: bool | None


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    until: datetime.datetime | None = None  # when the refusal lifts, if it does


def start_refusal(
    *,
    attempts: Sequence[PastAttempt],
    max_attempts: int,
    cooldown: datetime.timedelta,
    now: datetime.datetime,
) -> Refusal | None:
    """Why a new attempt may not start now, or None when it may.

    ``attempts`` are the submitted attempts of the current cycle, oldest first;
    ``max_attempts`` 0 means unlimited.
    """
    submitted = [a for a in attempts if a.submitted_at is not None]
    if any(attempt.passed for attempt in submitted):
        return Refusal("already_passed")
    if submitted and submitted[-1].passed is None:
        return Refusal("awaiting_marking")
    if max_attempts and len(submitted) >= max_attempts:
        return Refusal("max_attempts", {"max": max_attempts})
    if submitted and cooldown:
        until = submitted[-1].submitted_at + cooldown
        if now < until:
            return Refusal("cooldown", {"until": until}, until=until)
    return None


def is_past_deadline(
    *, deadline: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """True once the server clock is past the deadline (plus a few seconds)."""
    return deadline is not None and now > deadline + DEADLINE_GRACE
