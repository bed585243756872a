"""State changes of courses and learning records. Views, page ``serve`` methods,
tasks and commands call these; each is atomic and safe to call twice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Revision

from courses.fact_hooks import FACT_CHANGED_HOOK
from courses.models import (
    ContentChange,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    ReflectionAnswer,
    SubstanceCard,
)
from courses.models.progress import EnrolmentSource
from training.learner_cache import learner_changed
from training.models import User

REFLECTION_MAX_LENGTH = 10_000
# Apps that build on courses (certificates) register a function(user, course) under
# this Wagtail hook name; it runs after any requirement of a course is done.
PROGRESS_HOOK = "bijblijven_course_progress"
# The same, but called inside the transaction that records the progress: for an
# outbox row that must commit (or roll back) with it. Keep these to a quick write;
# anything slow belongs after commit.
PROGRESS_RECORDED_HOOK = "bijblijven_course_progress_recorded"


class NotEnrolled(PermissionDenied):
    """The learner is not enrolled in the course the lesson belongs to."""


def course_of(page: Page) -> CoursePage | None:
    """The course a page sits in (or the page itself when it is a course)."""
    if isinstance(page, CoursePage):
        return page
    return CoursePage.objects.ancestor_of(page).first()


@transaction.atomic
def enrolment_create(
    *, user: User, course: CoursePage, source: str = EnrolmentSource.SELF
) -> Enrolment:
    """Enrol ``user`` in ``course``. Idempotent: an existing enrolment is returned
    unchanged (a double click or two tabs create one row). Raises
    ``ValidationError`` for a course that is not published."""
    if not course.live:
        raise ValidationError(_("Deze cursus is niet (meer) beschikbaar."))
    enrolment, _created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"source": source}
    )
    return enrolment


def _enrolment_for_lesson(*, user: User, lesson: LessonPage) -> Enrolment:
    course = course_of(lesson)
    enrolment = (
        Enrolment.objects.select_for_update().filter(user=user, course=course).first()
        if course
        else None
    )
    if enrolment is None:
        raise NotEnrolled(_("Je bent niet ingeschreven voor deze cursus."))
    return enrolment


def lesson_visit(*, enrolment: Enrolment, lesson: LessonPage) -> None:
    """Remember the lesson as where to resume ('verder waar je was'). Writes only
    when the learner moved to another lesson, so re-reading costs no write."""
    if enrolment.last_lesson_id == lesson.pk:
        return
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson=lesson, last_activity_at=timezone.now()
    )
    enrolment.last_lesson_id = lesson.pk
    learner_changed(enrolment.user_id)  # 'verder waar je was' moved


@transaction.atomic
def lesson_complete(*, user: User, lesson: LessonPage) -> LessonCompletion:
    """Record that ``user`` finished ``lesson`` in their current cycle.

    Idempotent and safe under concurrency: the enrolment row is locked and a unique
    constraint guarantees one completion per lesson and cycle. Raises
    ``NotEnrolled`` (changing nothing) when the learner is not enrolled."""
    enrolment = _enrolment_for_lesson(user=user, lesson=lesson)
    completion, _created = LessonCompletion.objects.get_or_create(
        user=user,
        lesson=lesson,
        cycle=enrolment.cycle,
        defaults={"course_id": enrolment.course_id},
    )
    enrolment.last_lesson = lesson
    enrolment.last_activity_at = timezone.now()
    enrolment.save(update_fields=["last_lesson", "last_activity_at"])
    if _created:
        course_progress_changed(user=user, course=enrolment.course)
    return completion


def course_progress_changed(*, user: User, course: CoursePage) -> None:
    """Tell the apps that build on courses that a requirement was met (a lesson
    completed, a quiz or scenario passed): `PROGRESS_RECORDED_HOOK` at once, in the
    caller's transaction, and `PROGRESS_HOOK` once it commits. Quizzes and
    scenarios call this after a pass."""

    from courses.cache import progress_changed

    progress_changed(user_id=user.pk)
    learner_changed(user.pk)  # the lesson page's cached status (learner_cache)

    def run_hooks():
        # Again after commit: a page view between the first call and the commit
        # may have cached the status as it was before.
        progress_changed(user_id=user.pk)
        for hook in hooks.get_hooks(PROGRESS_HOOK):
            hook(user=user, course=course)

    transaction.on_commit(run_hooks)
    # After registering run_hooks, so that callbacks these hooks register run
    # after the cache is cleared.
    for hook in hooks.get_hooks(PROGRESS_RECORDED_HOOK):
        hook(user=user, course=course)


@transaction.atomic
def reflection_save(
    *, user: User, lesson: LessonPage, block_id: str, text: str
) -> ReflectionAnswer:
    """Store (or replace) the learner's private answer to a reflection question.
    Raises ``ValidationError`` for an unknown question or an over-long answer and
    ``NotEnrolled`` when the learner is not enrolled."""
    _enrolment_for_lesson(user=user, lesson=lesson)
    block = next(
        (
            block
            for block in lesson.body
            if block.id == block_id and block.block_type == "reflection"
        ),
        None,
    )
    if block is None:
        raise ValidationError(_("Deze reflectievraag bestaat niet (meer)."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Schrijf eerst een antwoord."))
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            _("Je antwoord is te lang (maximaal %(max)s tekens).")
            % {"max": REFLECTION_MAX_LENGTH}
        )
    answer, _created = ReflectionAnswer.objects.update_or_create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        defaults={"text": text, "question": str(block.value["question"])},
    )
    return answer


@transaction.atomic
def enrolment_start_cycle(*, enrolment: Enrolment, scope: str) -> Enrolment:
    """Start the next certification cycle (renewal). Earlier completions stay as
    history; ``scope`` is "full" or "refresher"."""
    if scope not in {"full", "refresher"}:
        raise ValidationError("Unknown cycle scope.")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment.cycle += 1
    enrolment.cycle_scope = scope
    enrolment.last_lesson = None
    enrolment.save(update_fields=["cycle", "cycle_scope", "last_lesson"])
    return enrolment


@transaction.atomic
def content_change_record(
    *, page: Page, revision: Revision, user: User | None = None
) -> ContentChange | None:
    """Record a published revision marked as a material change. Does nothing for
    unmarked revisions, pages outside a course, or a revision already recorded."""
    specific = page.specific
    if not getattr(specific, "material_change", False):
        return None
    course = course_of(specific)
    if course is None:
        return None
    module = ModulePage.objects.ancestor_of(specific).first()
    change, _created = ContentChange.objects.get_or_create(
        revision=revision,
        defaults={
            "course": course,
            "page": page,
            "module": module,
            "summary": specific.material_change_summary.strip(),
            "created_by": user,
        },
    )
    return change


@transaction.atomic
def substance_card_published(*, card: SubstanceCard) -> bool:
    """Record the legal fact of a just-published source card. When it differs
    from the fact published before, stamp ``legal_fact_changed_at`` and run the
    ``FACT_CHANGED_HOOK`` functions (questions that depend on the card are
    suspended). The first publish only records. Translations own no facts.
    Returns whether the fact changed; publishing the same fact again does
    nothing."""
    if not card.is_source():
        return False
    card = SubstanceCard.objects.select_for_update().get(pk=card.pk)
    before, after = card.legal_fact_published, card.legal_fact()
    if before == after:
        return False
    changed = bool(before)
    card.legal_fact_published = after
    fields = ["legal_fact_published"]
    if changed:
        card.legal_fact_changed_at = timezone.now()
        fields.append("legal_fact_changed_at")
    SubstanceCard.objects.filter(pk=card.pk).update(
        **{name: getattr(card, name) for name in fields}
    )
    if changed:
        for hook in hooks.get_hooks(FACT_CHANGED_HOOK):
            hook(card=card, before=before, after=after)
    return changed
