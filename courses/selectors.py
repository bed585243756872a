"""Reads for courses and learning records, shaped for their callers with a fixed
number of queries whatever the size of a course or the number of enrolments."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Locale, Page, ReferenceIndex

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

# --- Source courses ----------------------------------------------------------


def course_list_sources() -> QuerySet[CoursePage]:
    """Courses in the default language. Learning records, requirements and
    certificates live on these; a translation only shows one in another language
    (`training.i18n`), so it is never a course of its own."""
    return CoursePage.objects.filter(locale_id=Locale.get_default().pk)


def course_source_get(*, course: CoursePage) -> CoursePage:
    """The source course behind a translation, else `course` itself."""
    default = Locale.get_default()
    if course.locale_id == default.pk:
        return course
    source = course.get_translation_or_none(default)
    return source.specific if source is not None else course


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


def _outline_queryset(model, courses: list[CoursePage]):
    extra = getattr(model, "outline_fields", ())
    below = Q()
    for course in courses:
        below |= Q(path__startswith=course.path, depth__gt=course.depth)
    return model.objects.live().filter(below).only(*OUTLINE_FIELDS, *extra)


def course_outlines(*, courses: list[CoursePage]) -> dict[int, CourseOutline]:
    """The outline of each course (by id): modules and their live lessons, quizzes
    and scenarios, in one query per page type whatever the number of courses and
    lessons, loading only the fields navigation uses (page types declare extra
    ones in ``outline_fields``)."""
    if not courses:
        return {}
    modules = sorted(_outline_queryset(ModulePage, courses), key=lambda p: p.path)
    item_models = [LessonPage, *requirement_page_models()]
    items = [
        page for model in item_models for page in _outline_queryset(model, courses)
    ]
    children: dict[str, list[Page]] = defaultdict(list)
    for page in sorted(items, key=lambda page: page.path):
        children[page.path[: -Page.steplen]].append(page)
    course_modules: dict[str, list[ModulePage]] = defaultdict(list)
    for module in modules:
        course_modules[module.path[: -Page.steplen]].append(module)
    return {
        course.pk: CourseOutline(
            course=course,
            modules=tuple(
                ModuleOutline(module=module, items=tuple(children[module.path]))
                for module in course_modules[course.path]
            ),
        )
        for course in courses
    }


def course_outline(*, course: CoursePage) -> CourseOutline:
    """The outline of one course (see ``course_outlines``)."""
    return course_outlines(courses=[course])[course.pk]


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
    return completion_statuses(
        user=user, enrolments=[enrolment], outlines={course.pk: outline}
    )[enrolment.pk]


def completion_statuses(
    *,
    user: User,
    enrolments: list[Enrolment],
    outlines: dict[int, CourseOutline] | None = None,
) -> dict[int, CompletionStatus]:
    """The completion status of each of the learner's ``enrolments`` (by enrolment
    id): the one definition of done and of counting that "Mijn leeromgeving", the
    course, lesson and quiz pages and certificate issuing share. One query for the
    lessons done and one per assessment page type and distinct cycle, whatever the
    number of courses (plus the outlines' queries when not given)."""
    if not enrolments:
        return {}
    if outlines is None:
        outlines = course_outlines(courses=[e.course for e in enrolments])
    required = {
        e.pk: list(_required_items(outline=outlines[e.course_id], enrolment=e))
        for e in enrolments
    }
    done_lessons = set(
        LessonCompletion.objects.filter(
            _course_cycles(enrolments), user=user
        ).values_list("course_id", "cycle", "lesson_id")
    )
    passed = _passed(user=user, enrolments=enrolments, required=required)
    return {
        e.pk: CompletionStatus(
            enrolled=True,
            cycle=e.cycle,
            requirements=tuple(
                Requirement(
                    page_id=item.pk,
                    title=item.title,
                    kind=kind,
                    module_id=module.pk,
                    done=(
                        (e.course_id, e.cycle, item.pk) in done_lessons
                        if kind == "lesson"
                        else (e.cycle, item.pk) in passed
                    ),
                )
                for module, item, kind in required[e.pk]
            ),
        )
        for e in enrolments
    }


def _course_cycles(enrolments: list[Enrolment]) -> Q:
    condition = Q()
    for enrolment in enrolments:
        condition |= Q(course_id=enrolment.course_id, cycle=enrolment.cycle)
    return condition


def _passed(*, user: User, enrolments, required) -> set[tuple[int, int]]:
    """(cycle, page id) of every required quiz or scenario passed in its
    enrolment's current cycle, asked per page type and cycle."""
    by_cycle: dict[int, list[Page]] = defaultdict(list)
    for enrolment in enrolments:
        by_cycle[enrolment.cycle] += [
            item for _m, item, kind in required[enrolment.pk] if kind != "lesson"
        ]
    passed: set[tuple[int, int]] = set()
    for model in requirement_page_models():
        for cycle, items in by_cycle.items():
            pages = [item for item in items if isinstance(item, model)]
            if pages:
                ids = model.passed_page_ids(user=user, pages=pages, cycle=cycle)
                passed |= {(cycle, page_id) for page_id in ids}
    return passed


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
    status: CompletionStatus

    @property
    def done(self) -> int:
        return self.status.done_count

    @property
    def total(self) -> int:
        return self.status.total

    @property
    def percent(self) -> int:
        return self.status.percent

    @property
    def is_complete(self) -> bool:
        return self.status.is_complete


@dataclass(frozen=True)
class MyLearning:
    """'Mijn leeromgeving' sections. ``required``, ``expiring`` and ``expired`` are
    filled by the apps that know about them (organisations, certificates) through
    the ``bijblijven_my_learning_panels`` hook."""

    in_progress: list[EnrolmentProgress] = field(default_factory=list)
    completed: list[EnrolmentProgress] = field(default_factory=list)


def my_learning(*, user: User, statuses_of=None) -> MyLearning:
    """Enrolled courses with their completion status in the current cycle, counted
    as the course page counts (``completion_statuses``, or ``statuses_of`` with the
    same arguments, such as its cached form): completed means every required
    lesson done and every quiz and scenario passed. A fixed number of queries
    whatever the number of enrolments."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "last_lesson")
        .order_by("-last_activity_at", "-enrolled_at")
    )
    statuses = (statuses_of or completion_statuses)(user=user, enrolments=enrolments)
    result = MyLearning()
    for enrolment in enrolments:
        progress = EnrolmentProgress(enrolment=enrolment, status=statuses[enrolment.pk])
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
    obj: object  # the source (Dutch) card or lesson when it is stale too
    kind: str  # "substancecard", "referralcard", "lesson"
    review_by: datetime.date  # the earliest of the group
    state: str  # "overdue" or "soon": the more urgent of the group
    courses: tuple[CoursePage, ...]  # source courses, each once
    translations: tuple = ()  # stale translations of ``obj``


STATE_URGENCY = ["overdue", "soon"]


def _one_per_translation(items: list[StaleItem]) -> list[StaleItem]:
    """A card or lesson and its translations as one item: the source with its
    stale translations beside it, each course once (by its source)."""
    default = Locale.get_default().pk if items else None

    def source_first(objs: list) -> list:
        return sorted(objs, key=lambda obj: (obj.locale_id != default, obj.pk))

    groups: dict[tuple, list[StaleItem]] = defaultdict(list)
    for item in items:
        groups[(item.kind, item.obj.translation_key)].append(item)
    merged = []
    for group in groups.values():
        objs = source_first([item.obj for item in group])
        courses = {}
        for course in source_first([c for item in group for c in item.courses]):
            courses.setdefault(course.translation_key, course)
        merged.append(
            StaleItem(
                obj=objs[0],
                kind=group[0].kind,
                review_by=min(item.review_by for item in group),
                state=min((item.state for item in group), key=STATE_URGENCY.index),
                courses=tuple(sorted(courses.values(), key=lambda c: c.title)),
                translations=tuple(objs[1:]),
            )
        )
    return sorted(merged, key=lambda item: item.review_by)


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
    return _one_per_translation(items)
