"""The result of a submitted attempt: score, pass or fail text and, unless the
quiz says never, a review per question with feedback and explanation."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from assessments.models import Attempt
from assessments.selectors import (
    attempt_answers,
    attempt_get,
    attempt_regrades,
    quiz_state,
)
from assessments.views.presenters import images_for, review_of
from assessments.views.quiz import attempt_url
from courses.notices import completion_notices


@login_required
def result_view(request, public_id):
    try:
        attempt = attempt_get(public_id=public_id, user=request.user)
    except Attempt.DoesNotExist:
        raise Http404 from None
    if attempt.is_open:
        return redirect(attempt_url(attempt, attempt.position + 1))
    rows = attempt_answers(attempt=attempt)
    show_review = attempt.settings["feedback_mode"] != "never"
    images = images_for(attempt.questions) if show_review else {}
    reviews = []
    if show_review:
        for row in rows:
            question = attempt.questions[row.index]
            reviews.append(
                {
                    "number": row.index + 1,
                    "image": images.get(question.get("image_id")),
                    **review_of(question, row),
                }
            )
    state = quiz_state(quiz=attempt.quiz, user=request.user, course=attempt.course)
    context = {
        "page": attempt.quiz,
        "attempt": attempt,
        "course": attempt.course,
        "reviews": reviews,
        "show_review": show_review,
        "regrades": attempt_regrades(attempt=attempt),
        "pending": sum(1 for row in rows if row.needs_marking),
        "can_retry": state.refusal is None and state.open_attempt is None,
        "quiz_live": attempt.quiz.live,
        "notices": completion_notices(
            request=request, course=attempt.course, cycle=attempt.cycle
        ),
    }
    return TemplateResponse(request, "assessments/result.html", context)
