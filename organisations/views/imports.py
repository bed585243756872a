"""Importing staff: upload, a preview with every problem per row and column,
then confirming. The checked rows wait in the session between the two steps;
nothing is saved until the manager confirms a preview without errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from organisations.forms import ImportUploadForm
from organisations.services.staff_import import (
    staff_import_apply,
    staff_import_preview,
)
from organisations.spreadsheets import MAX_ROWS, UnreadableFile
from organisations.views.base import manager_context, manager_required


def _session_key(organisation) -> str:
    return f"organisations-import-{organisation.pk}"


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


@manager_required
def staff_import(request, *, membership):
    organisation = membership.organisation
    key = _session_key(organisation)
    preview = None
    form = ImportUploadForm()
    if request.method == "POST" and request.POST.get("stap") == "bevestigen":
        stored = request.session.get(key)
        if not stored or stored.get("digest") != request.POST.get("digest"):
            messages.error(
                request,
                _("Deze voorvertoning is verlopen. Upload het bestand opnieuw."),
            )
            return redirect("organisations:import", organisation.pk)
        try:
            invited = staff_import_apply(
                organisation=organisation, rows=stored["rows"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organisations:import", organisation.pk)
        del request.session[key]
        if invited:
            messages.success(
                request,
                _("%(count)s uitnodigingen worden verstuurd.") % {"count": invited},
            )
        else:
            messages.info(
                request, _("Iedereen in dit bestand is al lid of al uitgenodigd.")
            )
        return redirect("organisations:invite", organisation.pk)
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
                    request.session[key] = preview.session_data()
                else:
                    request.session.pop(key, None)
    return TemplateResponse(
        request,
        "organisations/import.html",
        manager_context(membership, "import", form=form, preview=preview),
    )
