"""Confirming a suspended question: a reviewer checks it against the facts of
the cards it depends on, and new attempts may draw it again."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.admin_views import admin_permission_required
from assessments.models import Question
from assessments.services import question_facts_confirm

CONFIRM = "assessments.confirm_question_facts"


@admin_permission_required(CONFIRM)
def facts_confirm_view(request, question_id: int):
    question = get_object_or_404(
        Question.objects.prefetch_related("fact_cards", "options"), pk=question_id
    )
    if request.method == "POST":
        if question_facts_confirm(question=question, user=request.user):
            messages.success(
                request,
                _("Vraag %(key)s is bevestigd en wordt weer getrokken.")
                % {"key": question.key},
            )
        return redirect("courses_freshness_report")
    return TemplateResponse(
        request,
        "assessments/admin/facts_confirm.html",
        {"question": question, "cards": list(question.fact_cards.all())},
    )
