"""Choosing the questions of a new attempt and freezing the quiz settings."""

import random

from django.db.models import prefetch_related_objects
from django.utils.translation import get_language

from assessments.engine.grading import draw_questions, option_order
from assessments.models import Question, QuestionSelection, QuizPage
from assessments.question_translation import snapshot_translated
from assessments.services.errors import AttemptRefused
from training.i18n import localized, localized_map

PARTS = ("options", "items", "pairs")


def settings_snapshot(quiz: QuizPage) -> dict:
    """The quiz settings an attempt keeps (``Attempt.snapshot["quiz"]``); the
    texts in the interface language when the quiz page has a translation."""
    shown = localized(quiz)
    return {
        "title": shown.title,
        "pass_mark": quiz.pass_mark,
        "layout": quiz.layout,
        "feedback_mode": quiz.feedback_mode,
        "shuffle_options": quiz.shuffle_options,
        "essay_marking_days": quiz.essay_marking_days
        if quiz.essay_marking_promised
        else None,
        "time_limit_seconds": int(quiz.time_limit.total_seconds())
        if quiz.time_limit
        else None,
        "pass_text": shown.pass_text,
        "fail_text": shown.fail_text,
    }


def questions_draw(*, quiz: QuizPage, rng: random.Random) -> list[dict]:
    """Snapshots of the questions for a new attempt: the fixed ones, or a draw
    per category (a seeded ``rng`` repeats a draw), in the interface language
    where a question has a translation. Only questions in the default language
    are drawn, never suspended ones (a fact they depend on changed). Choice
    questions get the ``option_order`` this attempt shows (shuffled unless the
    quiz or the question keeps the written order). Raises ``AttemptRefused``
    (``no_questions``, ``pool_too_small``)."""
    parts = PARTS
    if quiz.selection == QuestionSelection.FIXED:
        ids = list(
            quiz.fixed_questions.order_by("sort_order").values_list(
                "question_id", flat=True
            )
        )
        ids = list(dict.fromkeys(ids))
        by_id = Question.objects.drawable().prefetch_related(*parts).in_bulk(ids)
        snapshots = _in_language([by_id[pk] for pk in ids if pk in by_id])
        if quiz.shuffle_questions:
            rng.shuffle(snapshots)
    else:
        counts: dict[str, int] = {}
        for rule in quiz.draw_rules.order_by("sort_order"):
            key = str(rule.category_id)
            counts[key] = counts.get(key, 0) + rule.count
        questions = (
            Question.objects.sources()
            .drawable()
            .filter(category_id__in=[int(key) for key in counts])
            .order_by("id")
        )
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
        snapshots = _in_language([by_id[pk] for pk in drawn])
    if not snapshots:
        raise AttemptRefused("no_questions")
    for snapshot in snapshots:
        if snapshot["type"] in ("single", "multiple"):
            snapshot["option_order"] = option_order(
                snapshot, rng=rng, shuffle=quiz.shuffle_options
            )
    return snapshots


def _in_language(questions: list[Question]) -> list[dict]:
    """Snapshots of ``questions`` (parts prefetched), each with its translation's
    texts when the interface language has one: two queries, none in Dutch."""
    translations = localized_map(questions)
    prefetch_related_objects(list(translations.values()), *PARTS)
    snapshots = []
    for question in questions:
        snapshot = question.snapshot()
        translation = translations.get(question.pk)
        if translation is not None:
            snapshot = snapshot_translated(
                snapshot,
                translation.snapshot(),
                language=get_language().split("-")[0],
            )
        snapshots.append(snapshot)
    return snapshots
