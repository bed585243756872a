"""Reads for courses and learning records, shaped for their callers with a fixed
number of queries whatever the size of a course or the number of enrolments."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from courses.completion import CompletionStatus, Requirement, requirement_page_models
from courses.models import (
    ContentChange,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    ReferralCard,
    SubstanceCard,
)
from courses.models.snippets import REVIEW_SOON_DAYS
from training.models import User


@dataclass(frozen=True)
class ModuleOutline:
    module: ModulePage
    items: tuple[Page, ...]  # specific lesson, quiz and scenario pages, in order


@dataclass(frozen=True)
class CourseOutline:
    course: CoursePage
    modules: tuple[ModuleOutline, ...]

    @property
    def items(self) -> list[Page]:
        return [item for module in self.modules for item in module.items]

    @property
    def lessons(self) -> list[LessonPage]:
        return [item for item in self.items if isinstance(item, LessonPage)]

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        items = self.items
        ids = [item.pk for item in items]
        if page.pk not in ids:
            return None, None
        index = ids.index(page.pk)
        previous = items[index - 1] if index > 0 else None
        following = items[index + 1] if index + 1 < len(items) else None
        return previous, following

    def module_of(self, page: Page) -> ModulePage | None:
        for module in self.modules:
            if any(item.pk == page.pk for item in module.items):
                return module.module
        return None


# Fields the outline and navigation need; lesson bodies are never loaded for it.
OUTLINE_FIELDS = ("id", "title", "slug", "path", "depth", "url_path", "live")


def _outline_queryset(model, course: CoursePage):
    extra = getattr(model, "outline_fields", ())
    return (
        model.objects.live()
        .descendant_of(course)
        .only(*OUTLINE_FIELDS, *extra)
        .order_by("path")
    )


def course_outline(*, course: CoursePage) -> CourseOutline:
    """Modules and their live lessons, quizzes and scenarios: one query per page
    type whatever the number of lessons, loading only the fields navigation uses
    (page types declare extra ones in ``outline_fields``)."""
    modules = list(_outline_queryset(ModulePage, course))
    item_models = [LessonPage, *requirement_page_models()]
    items = [page for model in item_models for page in _outline_queryset(model, course)]
    children: dict[str, list[Page]] = defaultdict(list)
    for page in sorted(items, key=lambda page: page.path):
        children[page.path[: -Page.steplen]].append(page)
    return CourseOutline(
        course=course,
        modules=tuple(
            ModuleOutline(module=module, items=tuple(children[module.path]))
            for module in modules
        ),
    )


def enrolment_get(*, user: User, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.select_related("last_lesson")
        .filter(user=user, course=course)
        .first()
    )


def _required_items(*, outline: CourseOutline, enrolment: Enrolment | None):
    refresher_only = enrolment is not None and enrolment.cycle_scope == "refresher"
    for module in outline.modules:
        if refresher_only and not module.module.in_refresher_path:
            continue
        for item in module.items:
            if isinstance(item, LessonPage):
                if item.required:
                    yield module.module, item, "lesson"
            elif getattr(item, "completion_requirement", False):
                yield module.module, item, item.completion_kind


def course_completion_status(
    *,
    user: User,
    course: CoursePage,
    outline: CourseOutline | None = None,
    enrolment: Enrolment | None | bool = False,
) -> CompletionStatus:
    """Required lessons done and quizzes/scenarios passed in the learner's current
    cycle (a refresher cycle only requires the refresher modules). Callers that
    already hold the outline or the enrolment (``None`` for not enrolled) pass
    them to save queries."""
    outline = outline or course_outline(course=course)
    if enrolment is False:
        enrolment = enrolment_get(user=user, course=course)
    if enrolment is None:
        return CompletionStatus(enrolled=False, cycle=0)
    required = list(_required_items(outline=outline, enrolment=enrolment))
    done_lessons = set(
        LessonCompletion.objects.filter(
            user=user, course=course, cycle=enrolment.cycle
        ).values_list("lesson_id", flat=True)
    )
    passed: set[int] = set()
    for model in requirement_page_models():
        pages = [item for _m, item, _k in required if isinstance(item, model)]
        if pages:
            passed |= model.passed_page_ids(
                user=user, pages=pages, cycle=enrolment.cycle
            )
    return CompletionStatus(
        enrolled=True,
        cycle=enrolment.cycle,
        requirements=tuple(
            Requirement(
                page_id=item.pk,
                title=item.title,
                kind=kind,
                module_id=module.pk,
                done=item.pk in (done_lessons if kind == "lesson" else passed),
            )
            for module, item, kind in required
        ),
    )


def resume_page(
    *, outline: CourseOutline, status: CompletionStatus, enrolment: Enrolment | None
) -> Page | None:
    """Where 'verder waar je was' leads: the first unfinished requirement after the
    last visited lesson, else the first unfinished one."""
    outstanding = {r.page_id for r in status.outstanding}
    items = outline.items
    if enrolment and enrolment.last_lesson_id:
        ids = [item.pk for item in items]
        if enrolment.last_lesson_id in ids:
            start = ids.index(enrolment.last_lesson_id)
            for item in items[start:]:
                if item.pk in outstanding:
                    return item
    return next((item for item in items if item.pk in outstanding), None)


# --- Catalogue ---------------------------------------------------------------


def catalogue_courses(
    *,
    catalogue: CourseIndexPage,
    profession: str = "",
    topic: str = "",
    query: str = "",
) -> QuerySet[CoursePage]:
    courses = (
        CoursePage.objects.live()
        .public()
        .descendant_of(catalogue)
        .prefetch_related("audiences", "topics")
        .order_by("title")
    )
    if profession:
        courses = courses.filter(audiences__code=profession)
    if topic:
        courses = courses.filter(topics__slug=topic)
    # Search backends parse operators (FTS5, tsquery): pass only words.
    query = " ".join(re.findall(r"\w+", query))[:100]
    if query:
        matches = CoursePage.objects.live().descendant_of(catalogue).search(query)
        courses = courses.filter(pk__in=[course.pk for course in matches])
    return courses.distinct()


# --- My learning -------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentProgress:
    enrolment: Enrolment
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


@dataclass(frozen=True)
class MyLearning:
    """'Mijn leeromgeving' sections. ``required``, ``expiring`` and ``expired`` are
    filled by the apps that know about them (organisations, certificates) through
    the ``bijblijven_my_learning_panels`` hook."""

    in_progress: list[EnrolmentProgress] = field(default_factory=list)
    completed: list[EnrolmentProgress] = field(default_factory=list)


def my_learning(*, user: User) -> MyLearning:
    """Enrolled courses with lesson progress in three queries, whatever the number
    of enrolments. Progress here counts required lessons; the course page shows the
    full completion status including quizzes and scenarios."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "last_lesson")
        .order_by("-last_activity_at", "-enrolled_at")
    )
    if not enrolments:
        return MyLearning()
    path_filter = Q()
    for enrolment in enrolments:
        path_filter |= Q(path__startswith=enrolment.course.path)
    lesson_paths = LessonPage.objects.live().filter(path_filter, required=True)
    course_paths = {e.course.path for e in enrolments}
    path_lengths = {len(path) for path in course_paths}
    totals: dict[str, int] = defaultdict(int)
    for path in lesson_paths.values_list("path", flat=True):
        for length in path_lengths:
            if path[:length] in course_paths:
                totals[path[:length]] += 1
    done_rows = (
        LessonCompletion.objects.filter(
            user=user, course__in=[e.course_id for e in enrolments], lesson__live=True
        )
        .values("course_id", "cycle")
        .annotate(done=Count("id"))
    )
    done = {(row["course_id"], row["cycle"]): row["done"] for row in done_rows}
    result = MyLearning()
    for enrolment in enrolments:
        progress = EnrolmentProgress(
            enrolment=enrolment,
            done=done.get((enrolment.course_id, enrolment.cycle), 0),
            total=totals.get(enrolment.course.path, 0),
        )
        (result.completed if progress.is_complete else result.in_progress).append(
            progress
        )
    return result


# --- Changes and freshness ---------------------------------------------------


def content_changes_for_course(*, course: CoursePage, limit: int = 20):
    return list(
        ContentChange.objects.filter(course=course)
        .select_related("page")
        .order_by("-created_at")[:limit]
    )


@dataclass(frozen=True)
class StaleItem:
    obj: object
    kind: str  # "substance_card", "referral_card", "lesson"
    review_by: datetime.date
    state: str  # "overdue" or "soon"
    courses: tuple[CoursePage, ...]


def stale_content(
    *, today: datetime.date | None = None, course: CoursePage | None = None
) -> list[StaleItem]:
    """Cards and lessons whose review-by date has passed or falls within 30 days,
    each with the courses that use it (through Wagtail's reference index). With
    ``course``, only what that course uses."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    cards = [
        *SubstanceCard.objects.filter(review_by__lte=horizon),
        *ReferralCard.objects.filter(review_by__lte=horizon),
    ]
    lessons = LessonPage.objects.filter(review_by__lte=horizon)
    if course is not None:
        lessons = lessons.descendant_of(course)
    lessons = list(lessons)

    # Which pages refer to each stale card, in one query.
    page_ct = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.none()
    card_keys = set()
    for card in cards:
        ct = ContentType.objects.get_for_model(card)
        card_keys.add((ct.pk, str(card.pk)))
        references = references | ReferenceIndex.objects.filter(
            to_content_type=ct, to_object_id=str(card.pk), base_content_type=page_ct
        )
    users_by_card: dict[tuple[int, str], set[int]] = defaultdict(set)
    for row in references.values("to_content_type_id", "to_object_id", "object_id"):
        users_by_card[(row["to_content_type_id"], row["to_object_id"])].add(
            int(row["object_id"])
        )
    referring_ids = {pid for ids in users_by_card.values() for pid in ids}
    page_paths = dict(
        Page.objects.filter(pk__in=referring_ids).values_list("pk", "path")
    )
    courses = list(CoursePage.objects.all())

    def courses_for_paths(paths) -> tuple[CoursePage, ...]:
        found = {c.pk: c for c in courses for p in paths if p.startswith(c.path)}
        return tuple(sorted(found.values(), key=lambda c: c.title))

    items: list[StaleItem] = []
    for card in cards:
        ct = ContentType.objects.get_for_model(card)
        paths = [
            page_paths[pid]
            for pid in users_by_card.get((ct.pk, str(card.pk)), ())
            if pid in page_paths
        ]
        used_in = courses_for_paths(paths)
        if course is not None and course not in used_in:
            continue
        items.append(
            StaleItem(
                obj=card,
                kind=ct.model,
                review_by=card.review_by,
                state=card.review_state(today),
                courses=used_in,
            )
        )
    for lesson in lessons:
        items.append(
            StaleItem(
                obj=lesson,
                kind="lesson",
                review_by=lesson.review_by,
                state=lesson.review_state(today),
                courses=courses_for_paths([lesson.path]),
            )
        )
    return sorted(items, key=lambda item: item.review_by)
