"""Serving a lesson: login and enrolment required; completing and reflecting are
plain form posts (no JavaScript), redirected after success."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from courses.body_cache import lesson_body_parts, lesson_outline_html
from courses.cache import (
    course_of_cached,
    course_outline_cached,
    course_status_cached,
    course_tree_version,
)
from courses.forms import ReflectionForm
from courses.models import ReflectionAnswer
from courses.selectors import course_completion_status, course_outline, enrolment_get
from courses.services import (
    NotEnrolled,
    course_of,
    lesson_complete,
    lesson_visit,
    reflection_save,
)
from training import learner_cache
from training.i18n import localized
from training.navigation import is_own_navigation


def lesson_serve(*, request, lesson):
    course = course_of_cached(lesson)
    if course is None or not course.live:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "GET" and learner_cache.enabled():
        return _serve_cached(request=request, lesson=lesson, course=course)
    enrolment = enrolment_get(user=request.user, course=course)
    if enrolment is None:
        return _not_enrolled(request=request, lesson=lesson, course=course)

    reflection_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "complete":
            return _complete(request=request, lesson=lesson, course=course)
        if action == "reflection":
            reflection_form = ReflectionForm(request.POST)
            if reflection_form.is_valid():
                try:
                    reflection_save(
                        user=request.user,
                        lesson=lesson,
                        block_id=reflection_form.cleaned_data["block_id"],
                        text=reflection_form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    reflection_form.add_error("text", error)
                else:
                    messages.success(request, _("Je antwoord is bewaard."))
                    return redirect(
                        f"{lesson.url}#reflectie-{reflection_form.cleaned_data['block_id']}"
                    )
        else:
            return HttpResponseForbidden(_("Onbekende actie."))
    elif is_own_navigation(request):
        lesson_visit(enrolment=enrolment, lesson=lesson)

    context = _content_context(
        request=request,
        lesson=lesson,
        course=course,
        enrolment=enrolment,
        reflection_form=reflection_form,
    )
    return TemplateResponse(
        request,
        lesson.get_template(request),
        context,
        status=400 if reflection_form is not None else 200,
    )


def _serve_cached(*, request, lesson, course):
    """A GET from the learner's cache (``training.learner_cache``): the enrolment
    and the rendered content, kept while the learner's version (enrolments,
    completions, attempts, reflection answers), everyone's and the page-cache
    generation (any publish, card or settings change) are unchanged. A warm page
    reads neither the enrolment, the status nor the body."""
    enrolment, html = learner_cache.learner_value(
        request,
        name=f"lesson:{lesson.pk}",
        compute=lambda: _personal(request=request, lesson=lesson, course=course),
        scoped=False,  # nothing of the learner's organisations shows here
    )
    if enrolment is None:
        return _not_enrolled(request=request, lesson=lesson, course=course)
    if is_own_navigation(request):
        # Writes only on a move to another lesson, which replaces the learner's
        # version: the entry read above (with the old enrolment) is then unused.
        lesson_visit(enrolment=enrolment, lesson=lesson)
    return TemplateResponse(
        request,
        lesson.get_template(request),
        {
            "page": lesson,
            "self": lesson,
            "display": localized(lesson),
            "course": course,
            "personal": learner_cache.with_token(request, html),
        },
    )


def _personal(*, request, lesson, course):
    """``(enrolment, content HTML with a placeholder CSRF token)``, or
    ``(None, None)`` when the learner is not enrolled."""
    enrolment = enrolment_get(user=request.user, course=course)
    if enrolment is None:
        return None, None
    context = _content_context(
        request=request,
        lesson=lesson,
        course=course,
        enrolment=enrolment,
        reflection_form=None,
    )
    html = render_to_string(
        "courses/includes/lesson_content.html",
        {**context, "csrf_token": learner_cache.CSRF_PLACEHOLDER},
        request=request,
    )
    return enrolment, html


def _not_enrolled(*, request, lesson, course):
    response = TemplateResponse(
        request,
        "courses/lesson_not_enrolled.html",
        {"page": lesson, "course": course},
        status=403,
    )
    if request.method == "POST":
        messages.error(request, _("Je bent niet ingeschreven voor deze cursus."))
    return response


def _content_context(*, request, lesson, course, enrolment, reflection_form) -> dict:
    version = course_tree_version(course=course)
    outline = course_outline_cached(course=course, version=version)
    status = course_status_cached(
        user=request.user,
        course=course,
        outline=outline,
        enrolment=enrolment,
        version=version,
    )
    previous, following = outline.neighbours(lesson)
    display = localized(lesson)
    body_parts = lesson_body_parts(page=display, request=request)
    has_reflection = any(part.live_block for part in body_parts)
    answers = (
        dict(
            ReflectionAnswer.objects.filter(
                user=request.user, lesson=lesson
            ).values_list("block_id", "text")
        )
        if has_reflection
        else {}
    )
    done_ids = {r.page_id for r in status.requirements if r.done}
    return {
        "page": lesson,
        "self": lesson,
        "display": display,
        "body_parts": body_parts,
        "course": course,
        "module": outline.module_of(lesson),
        "outline": outline,
        "status": status,
        "done_ids": done_ids,
        "outline_html": lesson_outline_html(
            request=request,
            outline=outline,
            version=version,
            current=lesson,
            done_ids=done_ids,
        ),
        "is_done": any(r.page_id == lesson.pk and r.done for r in status.requirements),
        "previous": previous,
        "next": following,
        "reflection_answers": answers,
        "reflection_form": reflection_form,
        "reflection_error_block": reflection_form.data.get("block_id")
        if reflection_form is not None
        else None,
    }


def _complete(*, request, lesson, course):
    try:
        lesson_complete(user=request.user, lesson=lesson)
    except NotEnrolled:
        return HttpResponseForbidden(_("Je bent niet ingeschreven voor deze cursus."))
    outline = course_outline_cached(
        course=course, version=course_tree_version(course=course)
    )
    _previous, following = outline.neighbours(lesson)
    status = course_completion_status(user=request.user, course=course, outline=outline)
    if status.is_complete:
        messages.success(request, _("Gefeliciteerd, je hebt de cursus afgerond!"))
        return redirect(course.url)
    messages.success(request, _("Les afgerond."))
    return redirect(following.url if following else course.url)


def lesson_preview_context(*, lesson) -> dict:
    """What the lesson template needs when an editor previews a draft: the course
    and its outline, no learner's progress (the preview was a 500 without them).
    """
    course = course_of(lesson)
    outline = course_outline(course=course)
    previous, following = outline.neighbours(lesson)
    display = localized(lesson)
    return {
        "display": display,
        # The draft may hold unsaved edits under a saved revision's id: no cache.
        "body_parts": lesson_body_parts(page=display, request=None, cached=False),
        "course": course,
        "module": outline.module_of(lesson) or lesson.get_parent().specific,
        "outline": outline,
        "status": None,
        "done_ids": set(),
        "is_done": False,
        "previous": previous,
        "next": following,
        "reflection_answers": {},
        "reflection_form": None,
    }
