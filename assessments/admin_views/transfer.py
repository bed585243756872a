"""Importing and exporting the question bank (XLSX or CSV). An import is an
upload that queues a task, then the job's page: it refreshes itself (no
JavaScript) while the task works and then shows the report."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from assessments.admin_views import EXPORT, IMPORT, admin_permission_required
from assessments.exports import questions_export
from assessments.forms import ExportForm, ImportForm
from assessments.models import Question, QuestionCategory, QuestionImport
from assessments.services.question_imports import (
    question_import_retry,
    question_import_upload,
)
from assessments.spreadsheet import COLUMNS

REFRESH_SECONDS = 2
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@admin_permission_required(*IMPORT)
def import_view(request):
    """The upload: stores the file, queues the import and shows its page; the
    rows are read by the task (`assessments.services.question_imports`)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = question_import_upload(
            actor=request.user,
            filename=upload.name,
            data=upload.read(),
            submission=form.cleaned_data["submission"],
        )
        return redirect("assessments_admin:import_job", job.pk)
    return TemplateResponse(
        request,
        "assessments/admin/import.html",
        {
            "form": form,
            "columns": COLUMNS,
            "categories": QuestionCategory.objects.all(),
        },
        status=400 if form.errors else 200,
    )


def _job_or_404(request, import_id: int) -> QuestionImport:
    """Only someone who may import questions sees an import; anyone else, signed
    in or not, gets 404 (not a hint that it exists)."""
    if not request.user.has_perms(("wagtailadmin.access_admin", *IMPORT)):
        raise Http404
    return get_object_or_404(QuestionImport, pk=import_id)


def import_job_view(request, import_id: int):
    job = _job_or_404(request, import_id)
    stalled = job.is_stalled
    return TemplateResponse(
        request,
        "assessments/admin/import_job.html",
        {
            "job": job,
            "stalled": stalled,
            "refresh": REFRESH_SECONDS if job.is_working and not stalled else None,
        },
        status=400 if job.errors else 200,
    )


@require_POST
def import_retry_view(request, import_id: int):
    job = _job_or_404(request, import_id)
    question_import_retry(job=job)
    return redirect("assessments_admin:import_job", job.pk)


@admin_permission_required(EXPORT)
def export_view(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return redirect("assessments_admin:import")
    questions = Question.objects.sources().order_by("category__slug", "key")
    category = form.cleaned_data["category"]
    if category:
        questions = questions.filter(category__slug=category)
    file_format = form.cleaned_data["format"]
    response = HttpResponse(
        questions_export(questions=questions, file_format=file_format),
        content_type=CONTENT_TYPES[file_format],
    )
    name = f"vragen-{category or 'alle'}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
