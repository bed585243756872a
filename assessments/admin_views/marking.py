"""The marking queue: essay and reflection answers waiting for a trainer. Only
users with the marking permission see them; organisation managers never do."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.admin_views import MARK, admin_permission_required
from assessments.forms import MarkForm
from assessments.models import AttemptAnswer
from assessments.selectors import answer_for_marking, marking_queue
from assessments.services import answer_mark
from training.models import PrivacyAction, PrivacySource
from training.privacy_log import privacy_log_add


@admin_permission_required(MARK)
def marking_queue_view(request):
    return TemplateResponse(
        request,
        "assessments/admin/marking_queue.html",
        {"answers": list(marking_queue()[:200])},
    )


@admin_permission_required(MARK)
def mark_answer_view(request, answer_id: int):
    try:
        answer = answer_for_marking(answer_id=answer_id)
    except AttemptAnswer.DoesNotExist:
        raise Http404 from None
    question = answer.attempt.questions[answer.index]
    if question["type"] != "essay":
        raise Http404
    privacy_log_add(
        actor=request.user,
        subject=answer.attempt.user,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.ESSAY_MARKING,
        context=answer.attempt.snapshot.get("quiz", {}).get("title", ""),
    )
    initial = {"feedback": answer.marker_feedback}
    if answer.score is not None and not answer.needs_marking:
        initial["score"] = round(answer.score * 100)
    form = MarkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            answer_mark(
                answer_id=answer.pk,
                marker=request.user,
                score=form.cleaned_data["score"] / 100,
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De beoordeling is opgeslagen."))
            return redirect("assessments_admin:marking_queue")
    return TemplateResponse(
        request,
        "assessments/admin/mark_answer.html",
        {"answer": answer, "question": question, "form": form},
        status=400 if form.errors else 200,
    )
