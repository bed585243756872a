"""The course page: what a learner gets, the outline, progress and enrolment."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from courses.selectors import (
    content_changes_for_course,
    course_completion_status,
    course_outline,
    enrolment_get,
    resume_page,
)
from courses.services import enrolment_create


def course_context(*, request, course) -> dict:
    outline = course_outline(course=course)
    enrolment = enrolment_get(user=request.user, course=course)
    status = (
        course_completion_status(user=request.user, course=course, outline=outline)
        if enrolment
        else None
    )
    done_ids = {r.page_id for r in status.requirements if r.done} if status else set()
    return {
        "outline": outline,
        "enrolment": enrolment,
        "status": status,
        "done_ids": done_ids,
        "resume": resume_page(outline=outline, status=status, enrolment=enrolment)
        if status
        else None,
        "changes": content_changes_for_course(course=course),
        "accreditations": list(course.accreditations.all()),
    }


def course_enrol(request, course):
    """POST only: enrol and go to the first lesson. Safe to submit twice."""
    if request.method != "POST":
        return redirect(course.url)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    try:
        enrolment_create(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(course.url)
    messages.success(request, _("U bent ingeschreven. Veel leerplezier!"))
    outline = course_outline(course=course)
    first = outline.items[0] if outline.items else None
    return redirect(first.url if first else course.url)
