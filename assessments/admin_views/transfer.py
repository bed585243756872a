"""Importing and exporting the question bank (XLSX or CSV)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.admin_views import EXPORT, IMPORT, admin_permission_required
from assessments.exports import questions_export
from assessments.forms import ExportForm, ImportForm
from assessments.imports import questions_import
from assessments.models import Question, QuestionCategory
from assessments.spreadsheet import COLUMNS

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@admin_permission_required(*IMPORT)
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = questions_import(name=upload.name, content=upload.read())
        if report.ok:
            messages.success(
                request,
                _(
                    "Import gelukt: %(created)s nieuw, %(updated)s bijgewerkt, "
                    "%(unchanged)s ongewijzigd."
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("assessments_admin:import")
    return TemplateResponse(
        request,
        "assessments/admin/import.html",
        {
            "form": form,
            "report": report,
            "columns": COLUMNS,
            "categories": QuestionCategory.objects.all(),
        },
        status=400 if form.errors or (report and not report.ok) else 200,
    )


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
