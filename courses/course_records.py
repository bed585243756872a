"""Reads for a course's accreditation records: authorship for the course page and
the certificate, and for trainers the alignment matrix, the computed study time
and a readability hint per lesson (the rules are pure: ``courses.accreditation``).

Quizzes and scenarios live in apps above ``courses``; they take part through
``ASSESSED_CONTENT_HOOK``: ``fn(*, course) -> AssessedContent`` with the items
the matrix shows (questions, scenario steps) and their study-time items.
"""

from dataclasses import dataclass, field

from django.conf import settings
from wagtail import hooks

from courses.accreditation import (
    AlignedItem,
    Alignment,
    ObjectiveRow,
    Readability,
    StudyItem,
    StudyTime,
    alignment_build,
    lesson_content,
    lesson_item,
    readability_of,
    study_time_of,
)
from courses.models import (
    ContributorRole,
    CourseContributor,
    CoursePage,
    LearningObjective,
    LessonPage,
)

ASSESSED_CONTENT_HOOK = "bijblijven_course_assessed_content"


@dataclass(frozen=True)
class AssessedContent:
    items: list[AlignedItem] = field(default_factory=list)
    study: list[StudyItem] = field(default_factory=list)


# --- authorship -------------------------------------------------------------------


@dataclass(frozen=True)
class Authorship:
    authors: list[CourseContributor]
    reviewers: list[CourseContributor]
    conflict_of_interest: str
    last_full_review_on: object  # datetime.date | None

    @property
    def externally_reviewed(self) -> bool:
        return any(r.role == ContributorRole.EXTERNAL_REVIEWER for r in self.reviewers)


def authorship_get(*, course: CoursePage) -> Authorship:
    """Who wrote and reviewed ``course`` (one query)."""
    people = list(course.contributors.all())
    return Authorship(
        authors=[p for p in people if not p.is_reviewer],
        reviewers=[p for p in people if p.is_reviewer],
        conflict_of_interest=course.conflict_of_interest,
        last_full_review_on=course.last_full_review_on,
    )


def authorship_snapshot(*, course: CoursePage) -> dict:
    """The authorship as frozen in a certificate (plain JSON; see
    docs/schemas.md, ``accreditation.authorship``)."""
    authorship = authorship_get(course=course)
    return {
        "authors": [
            {"name": p.name, "role": p.role, "profession": p.profession}
            for p in authorship.authors
        ],
        "reviewers": [
            {
                "name": p.name,
                "role": p.role,
                "profession": p.profession,
                "reviewed_on": p.reviewed_on.isoformat() if p.reviewed_on else None,
                "reviewed_scope": p.reviewed_scope,
            }
            for p in authorship.reviewers
        ],
        "externally_reviewed": authorship.externally_reviewed,
        "conflict_of_interest": authorship.conflict_of_interest,
        "last_full_review_on": (
            authorship.last_full_review_on.isoformat()
            if authorship.last_full_review_on
            else None
        ),
    }


# --- objectives, study time, readability --------------------------------------------


@dataclass(frozen=True)
class LessonReadability:
    lesson: LessonPage
    readability: Readability


@dataclass(frozen=True)
class CourseRecords:
    course: CoursePage
    objectives: list[LearningObjective]
    alignment: Alignment
    study_time: StudyTime
    lessons: list[LessonReadability]


def courses_for_records():
    """The courses trainers keep records for: the source-language ones (a
    translation shares its source's objectives and assessments)."""
    return CoursePage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).order_by("path")


def _objective_row(objective: LearningObjective) -> ObjectiveRow:
    return ObjectiveRow(
        id=objective.pk,
        code=objective.code,
        text=objective.text,
        roles=tuple(objective.canmeds_roles or ()),
    )


def assessed_content(*, course: CoursePage) -> AssessedContent:
    items: list[AlignedItem] = []
    study: list[StudyItem] = []
    for provide in hooks.get_hooks(ASSESSED_CONTENT_HOOK):
        content = provide(course=course)
        items.extend(content.items)
        study.extend(content.study)
    return AssessedContent(items=items, study=study)


def course_records_get(*, course: CoursePage) -> CourseRecords:
    objectives = list(LearningObjective.objects.filter(course=course))
    assessed = assessed_content(course=course)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    lesson_items = []
    readabilities = []
    for lesson in lessons:
        content = lesson_content(lesson.body.raw_data)
        lesson_items.append(
            lesson_item(
                title=lesson.title,
                text=content.text,
                media_seconds=content.media_seconds,
                reflections=content.reflections,
                cards=content.cards,
                claimed=lesson.minutes,
            )
        )
        readabilities.append(
            LessonReadability(lesson=lesson, readability=readability_of(content.text))
        )
    return CourseRecords(
        course=course,
        objectives=objectives,
        alignment=alignment_build(
            objectives=[_objective_row(o) for o in objectives], items=assessed.items
        ),
        study_time=study_time_of(
            items=[*lesson_items, *assessed.study], claimed=course.duration_minutes
        ),
        lessons=readabilities,
    )
