"""Choosing the questions of a new attempt and freezing the quiz settings."""

import random

from assessments.grading import draw_questions
from assessments.models import Question, QuestionSelection, QuizPage
from assessments.services.errors import AttemptRefused


def settings_snapshot(quiz: QuizPage) -> dict:
    """The quiz settings an attempt keeps (``Attempt.snapshot["quiz"]``)."""
    return {
        "title": quiz.title,
        "pass_mark": quiz.pass_mark,
        "layout": quiz.layout,
        "feedback_mode": quiz.feedback_mode,
        "shuffle_options": quiz.shuffle_options,
        "time_limit_seconds": int(quiz.time_limit.total_seconds())
        if quiz.time_limit
        else None,
        "pass_text": quiz.pass_text,
        "fail_text": quiz.fail_text,
    }


def questions_draw(*, quiz: QuizPage, rng: random.Random) -> list[dict]:
    """Snapshots of the questions for a new attempt: the fixed ones, or a draw
    per category (a seeded ``rng`` repeats a draw). Raises ``AttemptRefused``
    (``no_questions``, ``pool_too_small``)."""
    parts = ("options", "items", "pairs")
    if quiz.selection == QuestionSelection.FIXED:
        ids = list(
            quiz.fixed_questions.order_by("sort_order").values_list(
                "question_id", flat=True
            )
        )
        ids = list(dict.fromkeys(ids))
        by_id = Question.objects.prefetch_related(*parts).in_bulk(ids)
        snapshots = [by_id[pk].snapshot() for pk in ids if pk in by_id]
        if quiz.shuffle_questions:
            rng.shuffle(snapshots)
    else:
        counts: dict[str, int] = {}
        for rule in quiz.draw_rules.order_by("sort_order"):
            key = str(rule.category_id)
            counts[key] = counts.get(key, 0) + rule.count
        questions = Question.objects.filter(
            category_id__in=[int(key) for key in counts]
        ).order_by("id")
        pools: dict[str, list[int]] = {key: [] for key in counts}
        by_id = {}
        for question in questions.prefetch_related(*parts):
            pools[str(question.category_id)].append(question.pk)
            by_id[question.pk] = question
        try:
            drawn = draw_questions(
                pools=pools, counts=counts, rng=rng, shuffle=quiz.shuffle_questions
            )
        except ValueError:
            raise AttemptRefused("pool_too_small") from None
        snapshots = [by_id[pk].snapshot() for pk in drawn]
    if not snapshots:
        raise AttemptRefused("no_questions")
    return snapshots
