"""The quiz page (introduction, rules, earlier attempts) and starting an attempt.

Learners must be signed in and enrolled in the course; starting is a plain
form post that redirects to the first (or the resumed) question.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import QuestionSelection, QuizPage
from assessments.quiz_messages import refusal_message
from assessments.selectors import quiz_state
from assessments.services import AttemptRefused, attempt_start
from courses.models import CoursePage
from courses.selectors import course_completion_status, course_outline
from courses.services import NotEnrolled
from training.i18n import localized


def attempt_url(attempt, number: int | None = None) -> str:
    url = reverse("assessments:attempt", args=[attempt.public_id])
    return f"{url}?vraag={number}" if number else url


def question_count(quiz: QuizPage) -> int:
    if quiz.selection == QuestionSelection.FIXED:
        return quiz.fixed_questions.count()
    return sum(rule.count for rule in quiz.draw_rules.all())


def _course(quiz: QuizPage) -> CoursePage:
    course = CoursePage.objects.ancestor_of(quiz).first()
    if course is None or not course.live:
        raise Http404
    return course


def quiz_serve(*, request, quiz: QuizPage):
    course = _course(quiz)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = quiz_state(quiz=quiz, user=request.user, course=course)
    if state.enrolment is None:
        return TemplateResponse(
            request,
            "courses/lesson_not_enrolled.html",
            {"page": quiz, "course": course},
            status=403,
        )
    outline = course_outline(course=course)
    status = course_completion_status(user=request.user, course=course, outline=outline)
    context = {
        "page": quiz,
        "self": quiz,
        "display": localized(quiz),
        "course": course,
        "module": outline.module_of(quiz),
        "status": status,
        "state": state,
        "question_count": question_count(quiz),
        "refusal_text": refusal_message(state.refusal.code, state.refusal.params)
        if state.refusal
        else "",
        "resume_url": attempt_url(state.open_attempt, state.open_attempt.position + 1)
        if state.open_attempt
        else "",
    }
    return TemplateResponse(request, "assessments/quiz_page.html", context)


def quiz_preview(*, request, quiz: QuizPage):
    """The editor's preview: the introduction and rules, never an attempt."""
    context = {
        "page": quiz,
        "self": quiz,
        "course": CoursePage.objects.ancestor_of(quiz).first(),
        "preview": True,
        "question_count": question_count(quiz),
    }
    return TemplateResponse(request, "assessments/quiz_page.html", context)


@login_required
@require_POST
def quiz_start(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    try:
        attempt = attempt_start(user=request.user, quiz=quiz)
    except NotEnrolled:
        return HttpResponseForbidden(_("Je bent niet ingeschreven voor deze cursus."))
    except AttemptRefused as refusal:
        messages.error(request, refusal_message(refusal.code, refusal.params))
        return redirect(quiz.url)
    return redirect(attempt_url(attempt, attempt.position + 1))
