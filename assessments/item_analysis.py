"""The item analysis summed in the database: one row per question and choice
with the counts and sums that ``engine.analysis.statistics_from_sums`` turns into
the same figures ``engine.analysis.item_statistics`` computes from every answer.

The answers never travel to Python. Ranks for the upper and lower groups come
from a window function (rank by attempt score, ties by attempt id, as the
stable sort of ``discrimination_index`` over attempts in id order). Works on
SQLite (3.25+) and PostgreSQL; the one vendor-specific piece is
``SnapshotQuestionId``, the id a deleted question's answers keep through the
attempt's snapshot.
"""

import json
from collections.abc import Iterator

from django.db import NotSupportedError, connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Func,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, RowNumber

from assessments.engine.analysis import GROUP_FRACTION, QuestionSums
from assessments.models import AttemptAnswer, AttemptStatus, QuizPage

# A reference to one answer: attempt id * REF + index (index is a small
# positive integer, below 32768), so MIN and MAX find an attempt and a position.
REF = 65536
# The group size g = round-half-up(GROUP_FRACTION * n) in integer arithmetic:
# (PERCENT * n + 50) // 100 equals int(n * GROUP_FRACTION + 0.5) for every n
# (tests/assessments/test_item_analysis_sql.py checks it up to a million).
PERCENT = round(GROUP_FRACTION * 100)
assert PERCENT / 100 == GROUP_FRACTION  # noqa: S101 - the formula needs whole percents


class SnapshotQuestionId(Func):
    """The ``id`` of the question at the answer's index in its attempt's
    snapshot (``snapshot["questions"][index]["id"]``), as text; NULL if absent."""

    output_field = TextField()

    def __init__(self, snapshot, index, **extra):
        super().__init__(snapshot, index, **extra)

    def _parts(self, compiler, connection):
        snapshot, index = self.get_source_expressions()
        snapshot_sql, snapshot_params = compiler.compile(snapshot)
        index_sql, index_params = compiler.compile(index)
        return snapshot_sql, index_sql, (*snapshot_params, *index_params)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("The item analysis runs on SQLite or PostgreSQL.")

    def as_postgresql(self, compiler, connection, **extra):
        snapshot, index, params = self._parts(compiler, connection)
        return f"(({snapshot} -> 'questions' -> ({index})::integer) ->> 'id')", params

    def as_sqlite(self, compiler, connection, **extra):
        snapshot, index, params = self._parts(compiler, connection)
        return (
            f"JSON_EXTRACT({snapshot}, '$.questions[' || ({index}) || '].id')",
            params,
        )


def _answers(quiz: QuizPage):
    """Every answer of the quiz's submitted attempts with its question key, its
    choice and its rank among the question's scored answers."""
    orphan_id = SnapshotQuestionId(F("attempt__snapshot"), F("index"))
    key = [
        F("question_id"),
        Case(When(question_id__isnull=True, then=orphan_id)),
        Case(
            When(
                question_id__isnull=True,
                then=Case(When(orphan_id__isnull=True, then=F("index"))),
            )
        ),
    ]
    return (
        AttemptAnswer.objects.filter(
            attempt__quiz=quiz, attempt__status=AttemptStatus.SUBMITTED
        )
        .alias(orphan_id=orphan_id)
        .annotate(
            k_question=key[0],
            k_snapshot=key[1],
            k_position=key[2],
            c_option=KeyTextTransform("option", "answer"),
            c_options=KeyTextTransform("options", "answer"),
            c_value=KeyTextTransform("value", "answer"),
            a_score=F("score"),
            a_seconds=F("seconds"),
            a_ref=Cast("attempt_id", BigIntegerField()) * REF + F("index"),
            a_rank=Window(
                RowNumber(),
                partition_by=key,
                order_by=[
                    Case(When(score__isnull=True, then=Value(1)), default=Value(0)),
                    Coalesce("attempt__score", Value(0.0)),
                    "attempt_id",
                ],
            ),
            a_scored=Window(Count("score"), partition_by=key),
        )
        .order_by()
        .values(
            "k_question",
            "k_snapshot",
            "k_position",
            "c_option",
            "c_options",
            "c_value",
            "a_score",
            "a_seconds",
            "a_ref",
            "a_rank",
            "a_scored",
        )
    )


# constants and the ORM's own SQL around it: no input
_SUMS = f"""
SELECT k_question, k_snapshot, k_position, c_option, c_options, c_value,
  COUNT(a_score),
  SUM(a_score),
  SUM(CASE WHEN a_score IS NOT NULL AND a_seconds <> 0 THEN a_seconds END),
  COUNT(CASE WHEN a_score IS NOT NULL AND a_seconds <> 0 THEN 1 END),
  SUM(CASE WHEN a_rank <= (a_scored * {PERCENT} + 50) / 100 THEN a_score END),
  SUM(CASE WHEN a_rank > a_scored - (a_scored * {PERCENT} + 50) / 100
      THEN a_score END),
  MAX(a_scored),
  MIN(CASE WHEN a_score IS NOT NULL THEN a_ref END),
  MAX(a_ref)
FROM (%s) answers
GROUP BY k_question, k_snapshot, k_position, c_option, c_options, c_value
"""  # noqa: S608


def quiz_question_sums(*, quiz: QuizPage) -> list[QuestionSums]:
    """Sums per question of the quiz's submitted attempts (one query), in no
    particular order; ``QuestionSums.first`` gives the order of appearance."""
    sql, params = _answers(quiz).query.sql_with_params()
    sums: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(_SUMS % sql, params)
        for row in cursor.fetchall():
            _add(sums, *row)
    return list(sums.values())


def _add(sums: dict, question, snapshot_id, position, option, options, value, *rest):
    responses, total, seconds, timed, lower, upper, scored, first, last = rest
    key = _key(question, snapshot_id, position)
    entry = sums.get(key)
    if entry is None:
        entry = sums[key] = QuestionSums(question_id=key, orphan=question is None)
    entry.add(
        responses=responses,
        total=total or 0.0,
        seconds=seconds or 0.0,
        timed=timed,
        lower=lower or 0.0,
        upper=upper or 0.0,
        scored=scored or 0,
        first=None if first is None else divmod(first, REF),
        last=None if last is None else divmod(last, REF),
        chosen=list(_chosen(option, options, value)),
    )


def _key(question, snapshot_id, position):
    """The key ``quiz_item_analysis`` has always used: the question's id, else the
    id its snapshot recorded, else its position as ``"#3"``."""
    if question is not None:
        return question
    if snapshot_id is not None and snapshot_id != "":
        return (
            int(snapshot_id) if str(snapshot_id).lstrip("-").isdigit() else snapshot_id
        )
    return f"#{position}"


def _chosen(option, options, value) -> Iterator[str]:
    """The options an answer chose, as the item analysis counts them: true/false
    as "true" or "false", a multiple choice's keys, a single choice's key."""
    if value is not None:
        yield "true" if value in ("true", 1, True) else "false"
    elif options and (keys := json.loads(options)):
        yield from set(keys)
    elif option is not None:
        yield option
