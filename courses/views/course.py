"""The course page: what a learner gets, the outline, progress and enrolment."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from courses.cache import (
    course_outline_cached,
    course_status_cached,
    course_tree_version,
)
from courses.course_records import authorship_get
from courses.selectors import (
    content_changes_for_course,
    enrolment_get,
    resume_page,
)
from courses.services import enrolment_create
from training.i18n import localized


def course_context(*, request, course) -> dict:
    version = course_tree_version(course=course)
    outline = course_outline_cached(course=course, version=version)
    enrolment = enrolment_get(user=request.user, course=course)
    status = (
        course_status_cached(
            user=request.user,
            course=course,
            outline=outline,
            enrolment=enrolment,
            version=version,
        )
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
        # Lazy: the template caches the public part by tree version, and these
        # are only read when that fragment is rendered.
        "changes": SimpleLazyObject(lambda: content_changes_for_course(course=course)),
        "accreditations": SimpleLazyObject(
            lambda: list(course.accreditations.select_related("register"))
        ),
        "authorship": SimpleLazyObject(lambda: authorship_get(course=course)),
        "tree_version": version,
        "display": localized(course),
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
    messages.success(request, _("Je bent ingeschreven. Veel leerplezier!"))
    outline = course_outline_cached(
        course=course, version=course_tree_version(course=course)
    )
    first = outline.items[0] if outline.items else None
    return redirect(first.url if first else course.url)
