"""The compliance dashboard, its exports (CSV streamed; XLSX written by a task,
with a status page and a private download), reminders and the certificates ZIP."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certificates.services.exports import certificates_zip_stream
from organisations.exports import csv_lines, export_rows
from organisations.forms import DashboardFilterForm
from organisations.labels import status_choices
from organisations.models import ComplianceExport, JobStatus
from organisations.selectors.dashboard import Filters
from organisations.selectors.dashboard_page import dashboard_page_get
from organisations.selectors.people import certificates_for_zip
from organisations.services.exports import export_request
from organisations.services.reminders import reminders_send
from organisations.views.base import (
    manager_context,
    manager_required,
    query_without,
    teams_of,
)
from organisations.views.imports import REFRESH_SECONDS
from training.models import PrivacyAction, PrivacySource
from training.privacy_log import privacy_log_many, privacy_log_stream
from training.sendfile import private_file_response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request, teams) -> tuple[DashboardFilterForm, Filters]:
    form = DashboardFilterForm(request.GET or None, teams=teams)
    if not form.is_valid():
        return form, Filters()
    data = form.cleaned_data
    return form, Filters(
        team=int(data["team"]) if data.get("team") else None,
        profession=data.get("beroep") or "",
        status=data.get("status") or "",
        query=data.get("zoek") or "",
        sort=data.get("sorteer") or "naam",
    )


@manager_required
def dashboard(request, *, membership):
    organisation = membership.organisation
    teams = teams_of(organisation)
    form, filters = _filters(request, teams)
    shown = dashboard_page_get(
        organisation=organisation,
        filters=filters,
        page_number=request.GET.get("pagina"),
        today=timezone.localdate(),
    )
    board, signals = shown.board, shown.signals
    return TemplateResponse(
        request,
        "organisations/dashboard.html",
        manager_context(
            membership,
            "dashboard",
            board=board,
            form=form,
            filters=filters,
            query=query_without(request, "pagina"),
            sort_query=query_without(request, "pagina", "sorteer"),
            export_query=query_without(request, "pagina"),
            rows=list(zip(board.columns, board.totals, strict=True)),
            status_choices=status_choices(),
            signals=signals,
        ),
    )


def _export_name(membership, extension: str) -> str:
    stem = slugify(membership.organisation.name) or "organisatie"
    return f"compliance-{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


@never_cache
@manager_required
def export_csv(request, *, membership):
    _form, filters = _filters(request, teams_of(membership.organisation))
    rows = export_rows(
        organisation=membership.organisation,
        filters=filters,
        today=timezone.localdate(),
        on_people=lambda user_ids: privacy_log_many(
            actor=request.user,
            subject_ids=user_ids,
            action=PrivacyAction.EXPORTED,
            source=PrivacySource.COMPLIANCE_EXPORT,
            context=membership.organisation.name,
        ),
    )
    response = StreamingHttpResponse(
        csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(membership, "csv")}"'
    )
    return response


@manager_required
@require_POST
def export_xlsx(request, *, membership):
    """Ask for the XLSX export (with the dashboard's filters, in the query
    string); a task writes it and the status page offers the download."""
    _form, filters = _filters(request, teams_of(membership.organisation))
    export = export_request(
        organisation=membership.organisation, actor=request.user, filters=filters
    )
    return redirect(
        "organisations:export_status", membership.organisation.pk, export.pk
    )


def _own_export(membership, export_id: int) -> ComplianceExport:
    return get_object_or_404(
        ComplianceExport, pk=export_id, organisation=membership.organisation
    )


@manager_required
def export_status(request, export_id: int, *, membership):
    export = _own_export(membership, export_id)
    now = timezone.now()
    return TemplateResponse(
        request,
        "organisations/export_status.html",
        manager_context(
            membership,
            "dashboard",
            export=export,
            expired=bool(export.expires_at and export.expires_at <= now),
            refresh=REFRESH_SECONDS if export.is_working else None,
        ),
    )


@never_cache
@manager_required
def export_download(request, export_id: int, *, membership):
    export = _own_export(membership, export_id)
    if (
        export.status != JobStatus.DONE
        or not export.file
        or export.expires_at <= timezone.now()
    ):
        raise Http404
    return private_file_response(
        request, export.file, filename=export.filename, content_type=XLSX_TYPE
    )


def _selected(request) -> list[int]:
    ids = []
    for value in request.POST.getlist("leden")[:1000]:
        if value.isdigit():
            ids.append(int(value))
    return ids


@require_POST
@manager_required
def remind(request, *, membership):
    organisation = membership.organisation
    everyone_overdue = request.POST.get("wie") == "te-laat"
    selected = None if everyone_overdue else _selected(request)
    if selected == []:
        messages.error(request, _("Selecteer eerst één of meer personen."))
        return redirect("organisations:dashboard", organisation.pk)
    outcome = reminders_send(
        organisation=organisation, actor=request.user, membership_ids=selected
    )
    if outcome.sent:
        messages.success(
            request,
            ngettext(
                "Herinnering verstuurd aan %(count)s persoon: %(names)s.",
                "Herinnering verstuurd aan %(count)s personen: %(names)s.",
                len(outcome.sent),
            )
            % {"count": len(outcome.sent), "names": ", ".join(outcome.sent[:20])},
        )
    if outcome.already_today:
        messages.warning(
            request,
            _("Vandaag al herinnerd, niet opnieuw verstuurd: %(names)s.")
            % {"names": ", ".join(outcome.already_today[:20])},
        )
    if outcome.nothing_due:
        messages.info(
            request,
            _("Niets te doen, geen herinnering nodig: %(names)s.")
            % {"names": ", ".join(outcome.nothing_due[:20])},
        )
    if not (outcome.sent or outcome.already_today or outcome.nothing_due):
        messages.info(request, _("Niemand is te laat: er is niets verstuurd."))
    return redirect("organisations:dashboard", organisation.pk)


@never_cache
@manager_required
def certificates_zip(request, *, membership):
    certificates = certificates_for_zip(
        organisation=membership.organisation, today=timezone.localdate()
    )
    certificates = privacy_log_stream(
        certificates,
        subject_id_of=lambda certificate: certificate.user_id,
        actor=request.user,
        action=PrivacyAction.EXPORTED,
        source=PrivacySource.CERTIFICATES_ZIP,
        context=membership.organisation.name,
    )
    response = StreamingHttpResponse(
        certificates_zip_stream(certificates=certificates),
        content_type="application/zip",
    )
    name = _export_name(membership, "zip").replace("compliance-", "certificaten-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
