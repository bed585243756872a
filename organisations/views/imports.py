"""Importing staff: the upload request stores the file and queues a check, then
redirects to the import's page. That page follows the import through its
states without JavaScript (it refreshes itself while a task works): the check,
then every problem per row and column (nothing saved) or a preview with a
confirm button, then the invitations being sent, and the result. Only managers
of the import's organisation see it; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import ImportUploadForm
from organisations.models import JobStatus, StaffImport
from organisations.services.staff_import import (
    ImportGone,
    staff_import_confirm,
    staff_import_plan,
    staff_import_retry,
    staff_import_upload,
)
from organisations.views.base import manager_context, manager_required

REFRESH_SECONDS = 2


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
    form = ImportUploadForm()
    if request.method == "POST" and request.POST.get("stap") == "bevestigen":
        return _confirm(request, organisation)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            staff_import_row = staff_import_upload(
                organisation=organisation,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
                submission=form.cleaned_data["submission"],
            )
            return redirect(
                "organisations:import_status", organisation.pk, staff_import_row.pk
            )
    return TemplateResponse(
        request,
        "organisations/import.html",
        manager_context(membership, "import", form=form),
    )


def _own_import(membership, import_id: int) -> StaffImport:
    return get_object_or_404(
        StaffImport.objects.select_related("organisation"),
        pk=import_id,
        organisation=membership.organisation,
    )


@manager_required
def import_status(request, import_id: int, *, membership):
    staff_import = _own_import(membership, import_id)
    stalled = staff_import.is_stalled
    plan = (
        staff_import_plan(staff_import=staff_import)
        if staff_import.status == JobStatus.PREVIEWED
        else []
    )
    return TemplateResponse(
        request,
        "organisations/import_status.html",
        manager_context(
            membership,
            "import",
            staff_import=staff_import,
            stalled=stalled,
            plan=plan,
            new_count=sum(1 for planned in plan if planned.action == "invite"),
            refresh=REFRESH_SECONDS
            if staff_import.is_working and not stalled
            else None,
        ),
    )


@require_POST
@manager_required
def import_resume(request, import_id: int, *, membership):
    staff_import = _own_import(membership, import_id)
    staff_import_retry(staff_import=staff_import)
    return redirect(
        "organisations:import_status", membership.organisation.pk, import_id
    )
