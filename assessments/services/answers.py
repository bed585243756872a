"""Reading posted answer forms into an attempt's ``responses``.

Form field names follow docs/schemas.md ("Form fields"); the services call
these under the attempt lock.
"""

import datetime
import re
from collections.abc import Iterable, Mapping

from assessments.engine.grading import InvalidAnswer, parse_answer
from assessments.models import Attempt
from assessments.models.attempts import RESPONSES_SCHEMA_VERSION
from assessments.services.errors import AnswersRejected

QUESTION_FIELD = re.compile(r"^q-(\d+)(?:-|$)")
# Time between two saves counts towards the questions saved, up to this much.
MAX_SECONDS_PER_SAVE = 30 * 60


def field_prefix(question: Mapping) -> str:
    """The form field prefix of a question (docs/schemas.md, "Form fields")."""
    return f"q-{question['id']}"


def posted_answers(
    *, attempt: Attempt, data, indexes: Iterable[int]
) -> dict[int, dict | None]:
    """Parse the answers to the questions at ``indexes`` from form data.

    Raises ``AnswersRejected`` for a field naming a question outside the
    attempt (``unknown_question``) or any answer ``parse_answer`` refuses.
    """
    known = {str(question["id"]) for question in attempt.questions}
    for name in data:
        match = QUESTION_FIELD.match(name)
        if match and match.group(1) not in known:
            raise AnswersRejected("unknown_question")
    answers: dict[int, dict | None] = {}
    errors: dict[int, InvalidAnswer] = {}
    for index in indexes:
        question = attempt.questions[index]
        try:
            answers[index] = parse_answer(
                question=question, data=data, prefix=field_prefix(question)
            )
        except InvalidAnswer as error:
            errors[index] = error
    if errors:
        raise AnswersRejected(errors=errors)
    return answers


def valid_indexes(attempt: Attempt, indexes: Iterable[int]) -> list[int]:
    count = len(attempt.questions)
    return sorted({index for index in indexes if 0 <= index < count})


def apply_posted(
    *,
    attempt: Attempt,
    answers: Mapping[int, dict | None],
    now: datetime.datetime,
) -> list[dict]:
    """Put posted answers into ``attempt.responses`` (in memory); checked
    answers stay as they were. Returns the entries that changed."""
    since = max(attempt.last_saved_at or attempt.started_at, attempt.started_at)
    elapsed = min(max((now - since).total_seconds(), 0), MAX_SECONDS_PER_SAVE)
    share = elapsed / max(len(answers), 1)
    saved = attempt.responses.setdefault("answers", {})
    attempt.responses.setdefault("schema_version", RESPONSES_SCHEMA_VERSION)
    changed = []
    for index, answer in answers.items():
        entry = saved.setdefault(str(index), {"seconds": 0.0, "checked": False})
        if entry.get("checked"):
            continue
        entry["answer"] = answer
        entry["saved_at"] = now.isoformat()
        entry["seconds"] = entry.get("seconds", 0.0) + share
        changed.append((index, entry))
    return changed
