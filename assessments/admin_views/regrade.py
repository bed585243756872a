"""Regrading: questions changed since attempts used them, and the form that
recalculates those attempts with a note for the learners."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.admin_views import REGRADE, admin_permission_required
from assessments.forms import RegradeForm
from assessments.models import Question
from assessments.selectors import regrade_candidates
from assessments.services import question_regrade


@admin_permission_required(REGRADE)
def regrade_list_view(request):
    return TemplateResponse(
        request,
        "assessments/admin/regrade_list.html",
        {"questions": list(regrade_candidates())},
    )


@admin_permission_required(REGRADE)
def regrade_view(request, question_id: int):
    question = get_object_or_404(regrade_candidates(), pk=question_id)
    form = RegradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            regrade = question_regrade(
                question=question, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)s ingeleverde pogingen zijn herbeoordeeld.")
                % {"count": regrade.entries.count()},
            )
            return redirect("assessments_admin:regrade_list")
    snapshot = Question.objects.prefetch_related("options", "items", "pairs").get(
        pk=question.pk
    )
    return TemplateResponse(
        request,
        "assessments/admin/regrade.html",
        {"question": question, "snapshot": snapshot.snapshot(), "form": form},
        status=400 if form.errors else 200,
    )
