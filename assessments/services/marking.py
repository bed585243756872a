"""Trainers mark essay and reflection answers; the learner sees the feedback."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.engine.grading import marked_grade
from assessments.models import Attempt, AttemptAnswer, AttemptStatus
from assessments.services.item_analysis import item_analysis_expire
from assessments.services.results import attempt_apply_result
from courses.services import course_progress_changed
from training.models import User

FEEDBACK_MAX_LENGTH = 5_000


@transaction.atomic
def answer_mark(
    *, answer_id: int, marker: User, score: float, feedback: str
) -> AttemptAnswer:
    """Record a trainer's mark (``score`` 0–1) and feedback for an essay answer
    and recompute the attempt's result. Marking again replaces the mark. When
    the attempt now passes with nothing left to mark, the courses app is told
    (a certificate is then issued with the final score). Raises ``ValidationError``
    for an answer that is not a submitted essay or a score outside 0–1;
    ``AttemptAnswer.DoesNotExist`` for an unknown answer. Permission checks are
    the caller's (the marking views)."""
    row = AttemptAnswer.objects.select_related("attempt").get(pk=answer_id)
    attempt = (
        Attempt.objects.select_for_update()
        .select_related("user", "course")
        .get(pk=row.attempt_id)
    )
    rows = list(attempt.answers.all())
    row = next(r for r in rows if r.pk == answer_id)
    if attempt.status != AttemptStatus.SUBMITTED:
        raise ValidationError(_("Deze poging is nog niet ingeleverd."))
    if attempt.questions[row.index]["type"] != "essay" or row.answer is None:
        raise ValidationError(_("Alleen beantwoorde open vragen worden beoordeeld."))
    if not 0 <= score <= 1:
        raise ValidationError(_("Het cijfer moet tussen 0 en 100 procent liggen."))
    if len(feedback) > FEEDBACK_MAX_LENGTH:
        raise ValidationError(
            _("De feedback is te lang (maximaal %(max)s tekens).")
            % {"max": FEEDBACK_MAX_LENGTH}
        )
    grade = marked_grade(score=score, feedback=feedback)
    row.score = grade.score
    row.is_correct = grade.is_correct
    row.needs_marking = False
    row.marker_feedback = feedback.strip()
    row.marked_by = marker
    row.marked_at = timezone.now()
    row.save(
        update_fields=[
            "score",
            "is_correct",
            "needs_marking",
            "marker_feedback",
            "marked_by",
            "marked_at",
        ]
    )
    attempt_apply_result(attempt=attempt, rows=rows)
    attempt.save(update_fields=["score", "passed", "pending"])
    item_analysis_expire(quiz_ids=[attempt.quiz_id])
    if attempt.passed and not attempt.pending:
        # the quiz counts for completion once its result is final (also when it
        # had passed before the essay was marked); issuing is idempotent
        course_progress_changed(user=attempt.user, course=attempt.course)
    return row
