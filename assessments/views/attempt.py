"""Answering an attempt: one question per page or all on one page, plain form
posts, no JavaScript. Every post saves (or refuses) through the services, then
redirects; a form with errors is shown again with the learner's input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.engine.attempt_rules import is_past_deadline
from assessments.models import Attempt
from assessments.quiz_messages import answer_message, refusal_message
from assessments.selectors import attempt_answers, attempt_get
from assessments.services import (
    AnswersRejected,
    AttemptClosed,
    attempt_save_answers,
    attempt_submit,
)
from assessments.views.presenters import question_views
from assessments.views.quiz import attempt_url

# "review" saves the page and asks "Inleveren?" before "submit" (no JavaScript).
ACTIONS = {"next": 1, "prev": -1, "save": 0, "check": 0, "submit": 0, "review": 0}
CONFIRM_PARAM = "inleveren"


def result_url(attempt) -> str:
    return reverse("assessments:result", args=[attempt.public_id])


def _number(raw, attempt: Attempt) -> int | None:
    """A 1-based question number from the request, None when invalid."""
    count = len(attempt.questions)
    # isascii: str.isdigit() also accepts digits like '²' that int() refuses.
    if (
        raw is None
        or not (str(raw).isascii() and str(raw).isdigit())
        or not 1 <= int(raw) <= count
    ):
        return None
    return int(raw)


def _indexes(attempt: Attempt, number: int) -> list[int]:
    if attempt.settings["layout"] == "all":
        return list(range(len(attempt.questions)))
    return [number - 1]


@login_required
def attempt_view(request, public_id):
    try:
        attempt = attempt_get(public_id=public_id, user=request.user)
    except Attempt.DoesNotExist:
        raise Http404 from None
    if not attempt.is_open:
        if request.method == "POST":  # a second tab or a resubmitted form
            messages.info(request, refusal_message("closed"))
        return redirect(result_url(attempt))
    if request.method == "POST":
        return _post(request, attempt)
    number = _number(request.GET.get("vraag"), attempt) or attempt.position + 1
    if request.GET.get(CONFIRM_PARAM) == "1":
        return _confirm(request, attempt, number=number)
    return _render(request, attempt, number=number)


def _confirm(request, attempt, *, number):
    """'Inleveren?': how many questions have an answer, a button that submits
    and a way back. After submitting nothing can be changed."""
    rows = attempt_answers(attempt=attempt)
    return TemplateResponse(
        request,
        "assessments/attempt_confirm.html",
        {
            "page": attempt.quiz,
            "attempt": attempt,
            "course": attempt.course,
            "number": number,
            "count": len(rows),
            "answered": sum(row.answer is not None for row in rows),
            "action_url": attempt_url(attempt),
            "back_url": f"{attempt_url(attempt)}?vraag={number}",
        },
    )


def _render(request, attempt, *, number, data=None, errors=None, status=200):
    rows = attempt_answers(attempt=attempt)
    indexes = _indexes(attempt, number)
    questions = question_views(
        attempt=attempt, rows=rows, indexes=indexes, data=data, errors=errors
    )
    count = len(attempt.questions)
    context = {
        "page": attempt.quiz,
        "attempt": attempt,
        "course": attempt.course,
        "questions": questions,
        "number": number,
        "count": count,
        "is_first": number == 1,
        "is_last": number == count or attempt.settings["layout"] == "all",
        "one_per_page": attempt.settings["layout"] != "all",
        "immediate": attempt.settings["feedback_mode"] == "immediate",
        "expired": is_past_deadline(deadline=attempt.deadline, now=timezone.now()),
        "navigation": [
            {"number": row.index + 1, "answered": row.answer is not None}
            for row in rows
        ],
        "action_url": attempt_url(attempt),
        "has_errors": bool(errors),
    }
    return TemplateResponse(request, "assessments/attempt.html", context, status=status)


def _post(request, attempt):
    action = request.POST.get("action", "")
    number = _number(request.POST.get("vraag"), attempt)
    if action not in ACTIONS or number is None:
        return _refused(request, attempt, _("Dit formulier kon niet worden verwerkt."))
    indexes = _indexes(attempt, number)
    try:
        if action == "submit":
            # the confirmation page posts no answers: they were saved at "review"
            confirmed = request.POST.get("bevestigd") == "1"
            outcome = attempt_submit(
                public_id=attempt.public_id,
                user=request.user,
                data=None if confirmed else request.POST,
                indexes=indexes,
            )
            _submitted_message(request, outcome.attempt, outcome.already_submitted)
            return redirect(result_url(outcome.attempt))
        target = min(max(number + ACTIONS[action], 1), len(attempt.questions))
        saved = attempt_save_answers(
            public_id=attempt.public_id,
            user=request.user,
            data=request.POST,
            indexes=indexes,
            position=target - 1,
            check=action == "check",
        )
    except Attempt.DoesNotExist:
        raise Http404 from None
    except AttemptClosed:
        messages.info(request, refusal_message("closed"))
        return redirect(result_url(attempt))
    except AnswersRejected as rejected:
        if rejected.tampered or rejected.code == "unknown_question":
            return _refused(request, attempt, _rejected_text(rejected))
        if rejected.code == "not_checked_empty":
            messages.error(request, refusal_message(rejected.code))
            return redirect(attempt_url(attempt, number))
        errors = {i: answer_message(e) for i, e in rejected.errors.items()}
        return _render(
            request,
            attempt,
            number=number,
            data=request.POST,
            errors=errors,
            status=400,
        )
    if not saved.is_open:
        _submitted_message(request, saved, already=False)
        return redirect(result_url(saved))
    if action == "review":
        return redirect(f"{attempt_url(saved)}?{CONFIRM_PARAM}=1&vraag={number}")
    if action == "save":
        messages.success(request, _("Je antwoorden zijn bewaard."))
    # No #fragment: browsers skip autofocus when the URL names a target, and the
    # question's heading (or the feedback) takes focus and scrolls into view.
    return redirect(attempt_url(saved, target))


def _rejected_text(rejected: AnswersRejected) -> str:
    if rejected.code == "unknown_question":
        return refusal_message("unknown_question")
    return " ".join(answer_message(e) for e in rejected.errors.values())


def _refused(request, attempt, text: str):
    return TemplateResponse(
        request,
        "assessments/refused.html",
        {
            "page": attempt.quiz,
            "attempt": attempt,
            "message": text,
            "back_url": attempt_url(attempt),
        },
        status=400,
    )


def _submitted_message(request, attempt, already: bool) -> None:
    if already:
        messages.info(request, refusal_message("closed"))
    elif attempt.late:
        messages.warning(
            request,
            _(
                "De tijd was om. Je poging is beoordeeld op de antwoorden die je op "
                "tijd had bewaard."
            ),
        )
    else:
        messages.success(request, _("Je antwoorden zijn ingeleverd."))
