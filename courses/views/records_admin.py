"""Trainer views in the Wagtail admin for a course's accreditation records: an
overview of every course (computed against claimed study time, objectives that
nothing assesses, questions tied to no objective) and per course the alignment
matrix, the study time per part and a readability hint per lesson."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from courses.accreditation import READING_WORDS_PER_MINUTE, STEP_MINUTES
from courses.accreditation.readability import B1_TARGET
from courses.accreditation.study_time import QUESTION_MINUTES, TOLERANCE
from courses.course_records import course_records_get, courses_for_records

VIEW_PERMISSION = "courses.view_learningobjective"


def _objective_edit_url(user, objective) -> str | None:
    if not user.has_perm("courses.change_learningobjective"):
        return None
    return reverse(
        "wagtailsnippets_courses_learningobjective:edit", args=[objective.pk]
    )


def _item_edit_url(user, item) -> str | None:
    """Where ``user`` sets this item's objectives: a question's edit page (with
    the bank permission), a scenario's step form (it checks page permissions)."""
    if item.kind == "question":
        if not user.has_perm("assessments.change_question"):
            return None
        pk = item.key.removeprefix("question-")
        return reverse("wagtailsnippets_assessments_question:edit", args=[pk])
    return item.edit_url or None


@permission_required(VIEW_PERMISSION, raise_exception=True)
def records_index(request):
    rows = [course_records_get(course=course) for course in courses_for_records()]
    return TemplateResponse(request, "courses/admin/records_index.html", {"rows": rows})


@permission_required(VIEW_PERMISSION, raise_exception=True)
def records_course(request, course_id: int):
    course = get_object_or_404(courses_for_records(), pk=course_id)
    records = course_records_get(course=course)
    user = request.user
    objectives = {o.pk: o for o in records.objectives}
    return TemplateResponse(
        request,
        "courses/admin/records_course.html",
        {
            "course": course,
            "records": records,
            "objectives": [
                {
                    "summary": summary,
                    "objective": objectives[summary.objective.id],
                    "edit_url": _objective_edit_url(
                        user, objectives[summary.objective.id]
                    ),
                }
                for summary in records.alignment.objectives
            ],
            "items": [
                {
                    "item": item,
                    "edit_url": _item_edit_url(user, item),
                    "cells": [
                        (summary.objective, summary.cells[index])
                        for summary in records.alignment.objectives
                    ],
                    "untied": item.kind == "question" and not item.objective_ids,
                }
                for index, item in enumerate(records.alignment.items)
            ],
            "can_add_objective": user.has_perm("courses.add_learningobjective"),
            "reading_speed": READING_WORDS_PER_MINUTE,
            "step_minutes": STEP_MINUTES,
            "question_minutes": sorted(QUESTION_MINUTES.items(), key=lambda i: i[1]),
            "tolerance_percent": round(TOLERANCE * 100),
            "target": B1_TARGET,
            "target_long_percent": round(B1_TARGET.max_long_word_share * 100),
        },
    )
