"""The courses app's part of a person's data download (see
`training.personal_data`): enrolments, lesson completions, reflection answers and
the material content changes the person recorded as an editor. Pages appear by
title, never by database id; one query per section, whatever the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Substr
from wagtail.models import Page

from courses.models import (
    ContentChange,
    CoursePage,
    Enrolment,
    LessonCompletion,
    ReflectionAnswer,
)
from courses.models.progress import EnrolmentSource
from training.personal_data import iso

SOURCE_LABELS = {
    EnrolmentSource.SELF: "zelf ingeschreven",
    EnrolmentSource.ASSIGNED: "toegewezen door organisatie",
}
CYCLE_SCOPE_LABELS = {"full": "volledige cursus", "refresher": "opfrismodules"}


def _course_title_of_lesson() -> Subquery:
    """The title of the course above the lesson in `lesson`: an ancestor's path is
    the start of its descendants' paths, `depth` steps long."""
    return Subquery(
        CoursePage.objects.filter(
            path=Substr(OuterRef("lesson__path"), 1, F("depth") * Page.steplen)
        )
        .order_by("-depth")
        .values("title")[:1]
    )


def _enrolments(user) -> list[dict[str, Any]]:
    rows = (
        Enrolment.objects.filter(user=user)
        .order_by("enrolled_at", "pk")
        .values(
            "course__title",
            "source",
            "cycle",
            "cycle_scope",
            "enrolled_at",
            "last_lesson__title",
            "last_activity_at",
        )
    )
    return [
        {
            "cursus": row["course__title"],
            "herkomst": SOURCE_LABELS.get(row["source"], row["source"]),
            "cyclus": row["cycle"],
            "cyclus_omvang": CYCLE_SCOPE_LABELS.get(
                row["cycle_scope"], row["cycle_scope"]
            ),
            "ingeschreven_op": iso(row["enrolled_at"]),
            "laatste_les": row["last_lesson__title"],
            "laatste_activiteit_op": iso(row["last_activity_at"]),
        }
        for row in rows
    ]


def _lesson_completions(user) -> list[dict[str, Any]]:
    rows = (
        LessonCompletion.objects.filter(user=user)
        .order_by("completed_at", "pk")
        .values("lesson__title", "course__title", "cycle", "completed_at")
    )
    return [
        {
            "les": row["lesson__title"],
            "cursus": row["course__title"],
            "cyclus": row["cycle"],
            "afgerond_op": iso(row["completed_at"]),
        }
        for row in rows
    ]


def _reflections(user) -> list[dict[str, Any]]:
    rows = (
        ReflectionAnswer.objects.filter(user=user)
        .annotate(course_title=_course_title_of_lesson())
        .order_by("updated_at", "pk")
        .values("lesson__title", "course_title", "question", "text", "updated_at")
    )
    return [
        {
            "les": row["lesson__title"],
            "cursus": row["course_title"],
            "vraag": row["question"],
            "antwoord": row["text"],
            "bijgewerkt_op": iso(row["updated_at"]),
        }
        for row in rows
    ]


def _content_changes(user) -> list[dict[str, Any]]:
    rows = (
        ContentChange.objects.filter(created_by=user)
        .order_by("created_at", "pk")
        .values(
            "course__title", "module__title", "page__title", "summary", "created_at"
        )
    )
    return [
        {
            "cursus": row["course__title"],
            "module": row["module__title"],
            "pagina": row["page__title"],
            "samenvatting": row["summary"],
            "vastgelegd_op": iso(row["created_at"]),
        }
        for row in rows
    ]


def personal_data(*, user) -> dict[str, Any]:
    """Every record the courses app holds about `user`, by section; four queries."""
    return {
        "inschrijvingen": _enrolments(user),
        "lesvoortgang": _lesson_completions(user),
        "reflecties": _reflections(user),
        "inhoudswijzigingen": _content_changes(user),
    }
