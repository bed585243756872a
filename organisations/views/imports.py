"""Importing staff: upload, a preview with every problem per row and column,
confirming, then a status page while a task applies it. The checked rows of an
error-free preview are kept as a `StaffImport` whose token the confirm form
carries; nothing else is saved until the manager confirms."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import ImportUploadForm
from organisations.models import StaffImport
from organisations.services.staff_import import (
    ImportGone,
    staff_import_confirm,
    staff_import_prepare,
    staff_import_preview,
    staff_import_resume,
)
from organisations.spreadsheets import MAX_ROWS, UnreadableFile
from organisations.views.base import manager_context, manager_required

REFRESH_SECONDS = 2


def unreadable_message(code: str) -> str:
    return {
        "too_big": _("Het bestand is te groot."),
        "too_many_rows": _("Het bestand heeft meer dan %(max)s rijen; splits het op.")
        % {"max": MAX_ROWS},
        "empty": _("Het bestand is leeg."),
    }.get(
        code,
        _(
            "Dit bestand kan niet gelezen worden. Sla het op als .xlsx "
            "(Excel-werkmap) of .csv en probeer het opnieuw."
        ),
    )


def _confirm(request, organisation):
    try:
        staff_import = staff_import_confirm(
            organisation=organisation,
            token=request.POST.get("token", ""),
            actor=request.user,
        )
    except ImportGone:
        messages.error(
            request,
            _("Deze voorvertoning is verlopen. Upload het bestand opnieuw."),
        )
        return redirect("organisations:import", organisation.pk)
    return redirect("organisations:import_status", organisation.pk, staff_import.pk)


@manager_required
def staff_import(request, *, membership):
    organisation = membership.organisation
    preview = staff_import_row = None
    form = ImportUploadForm()
    if request.method == "POST" and request.POST.get("stap") == "bevestigen":
        return _confirm(request, organisation)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                preview = staff_import_preview(
                    organisation=organisation,
                    filename=upload.name,
                    data=upload.read(),
                )
            except UnreadableFile as error:
                form.add_error("file", unreadable_message(error.code))
            else:
                if preview.checked.ok:
                    staff_import_row = staff_import_prepare(
                        organisation=organisation, actor=request.user, preview=preview
                    )
    return TemplateResponse(
        request,
        "organisations/import.html",
        manager_context(
            membership,
            "import",
            form=form,
            preview=preview,
            staff_import=staff_import_row,
        ),
    )


def _own_import(membership, import_id: int) -> StaffImport:
    return get_object_or_404(
        StaffImport.objects.exclude(status="previewed"),
        pk=import_id,
        organisation=membership.organisation,
    )


@manager_required
def import_status(request, import_id: int, *, membership):
    staff_import = _own_import(membership, import_id)
    return TemplateResponse(
        request,
        "organisations/import_status.html",
        manager_context(
            membership,
            "import",
            staff_import=staff_import,
            refresh=REFRESH_SECONDS if staff_import.is_working else None,
        ),
    )


@require_POST
@manager_required
def import_resume(request, import_id: int, *, membership):
    staff_import = _own_import(membership, import_id)
    staff_import_resume(staff_import=staff_import)
    return redirect(
        "organisations:import_status", membership.organisation.pk, import_id
    )
