"""Puntenregistratie in the Wagtail admin (issue 15): the attendance records per
course and register with their status, filters and pages; sending rejected or
failed records again (a confirmation page, then a POST: works without
JavaScript); and the exports for the manual routes. Every view needs
``registers.manage_registrations`` (administrators have it): the rows show
learners' registration numbers, which organisation managers never see."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from courses.models import CourseAccreditation, CoursePage
from registers import exports
from registers.models import MANAGE_PERMISSION, AttendanceRecord, RecordStatus, Register
from registers.services.sending import records_requeue
from training.models import PrivacyAction, PrivacySource
from training.privacy_log import privacy_log_many

PER_PAGE = 50
CONFIRM_SHOWN = 20
REQUEUEABLE = (RecordStatus.REJECTED, RecordStatus.FAILED)
FILTER_FIELDS = ("course", "register", "status", "start", "end")


def manage_permission_required(view):
    """Signed in, allowed into the admin and holding the registration
    permission; else 403 (the admin's own wrapper sends strangers to sign in)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perms(("wagtailadmin.access_admin", MANAGE_PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _courses() -> QuerySet[CoursePage]:
    return (
        CoursePage.objects.filter(
            Q(accreditations__isnull=False) | Q(attendance_records__isnull=False)
        )
        .distinct()
        .order_by("title", "pk")
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class RecordFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        label=gettext_lazy("Cursus"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle cursussen"),
    )
    register = forms.ModelChoiceField(
        label=gettext_lazy("Register"),
        queryset=Register.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Alle registers"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Alle statussen")), *RecordStatus.choices],
        required=False,
    )
    start = forms.DateField(
        label=gettext_lazy("Afgerond vanaf"), required=False, widget=DateInput()
    )
    end = forms.DateField(
        label=gettext_lazy("Afgerond tot en met"), required=False, widget=DateInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _courses()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Kies een einddatum op of na de begindatum."))
        return data

    def filters(self) -> dict:
        """The values that passed validation (an invalid one filters nothing)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "")
        }


def filter_query(filters: dict) -> str:
    """The filters as a query string, for links that keep them."""
    values = {}
    for name, value in filters.items():
        if isinstance(value, datetime.date):
            values[name] = value.isoformat()
        elif hasattr(value, "pk"):
            values[name] = value.pk
        else:
            values[name] = value
    return urlencode(values)


def records_filtered(filters: dict) -> QuerySet[AttendanceRecord]:
    records = AttendanceRecord.objects.select_related(
        "user", "register", "course", "module"
    ).order_by("-end_date", "-pk")
    if "course" in filters:
        records = records.filter(course=filters["course"])
    if "register" in filters:
        records = records.filter(register=filters["register"])
    if "status" in filters:
        records = records.filter(status=filters["status"])
    if "start" in filters:
        records = records.filter(end_date__date__gte=filters["start"])
    if "end" in filters:
        records = records.filter(end_date__date__lte=filters["end"])
    return records


COUNTED = (
    RecordStatus.PENDING,
    RecordStatus.ACCEPTED,
    RecordStatus.REJECTED,
    RecordStatus.FAILED,
)


def _export_routes(filters: dict) -> list[dict]:
    """One line per course and register with an accreditation (within the
    filters): how many records it has per status (each a link to the list) and
    its export links; the period filter carries over to both."""
    accreditations = CourseAccreditation.objects.select_related(
        "course", "register"
    ).order_by("course__title", "register__name", "pk")
    if "course" in filters:
        accreditations = accreditations.filter(course=filters["course"])
    if "register" in filters:
        accreditations = accreditations.filter(register=filters["register"])
    period_filters = {k: v for k, v in filters.items() if k in ("start", "end")}
    period = filter_query(period_filters)
    counted = records_filtered(period_filters).filter(status__in=COUNTED)
    if "course" in filters:
        counted = counted.filter(course=filters["course"])
    if "register" in filters:
        counted = counted.filter(register=filters["register"])
    counts = {
        (row["course_id"], row["register_id"], row["status"]): row["n"]
        for row in counted.order_by()
        .values("course_id", "register_id", "status")
        .annotate(n=Count("pk"))
    }
    index = reverse("registers_admin:index")
    routes, seen = [], set()
    for accreditation in accreditations:
        key = (accreditation.course_id, accreditation.register_id)
        if key in seen:
            continue
        seen.add(key)
        links = {}
        for kind in ("csv", "xlsx"):
            url = reverse(
                "registers_admin:export",
                kwargs={
                    "course_id": accreditation.course_id,
                    "register_id": accreditation.register_id,
                    "kind": kind,
                },
            )
            links[kind] = f"{url}?{period}" if period else url
        statuses = []
        for status in COUNTED:
            query = filter_query(
                {
                    "course": accreditation.course_id,
                    "register": accreditation.register_id,
                    "status": status.value,
                    **period_filters,
                }
            )
            statuses.append(
                {
                    "label": status.label,
                    "count": counts.get((*key, status.value), 0),
                    "url": f"{index}?{query}",
                }
            )
        routes.append(
            {
                "course": accreditation.course,
                "register": accreditation.register,
                "statuses": statuses,
                "web_service": accreditation.register.pe_online_org_id is not None,
                **links,
            }
        )
    return routes


@manage_permission_required
def records_index(request):
    form = RecordFilterForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(records_filtered(filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    query = filter_query(filters)
    privacy_log_many(
        actor=request.user,
        subject_ids={record.user_id for record in page.object_list},
        action=PrivacyAction.VIEWED,
        source=PrivacySource.REGISTRATIONS,
    )
    return TemplateResponse(
        request,
        "registers/admin/index.html",
        {
            "form": form,
            "page": page,
            "records": page.object_list,
            "query": query,
            "filtered": bool(filters),
            "requeueable": REQUEUEABLE,
            "routes": _export_routes(filters),
            "counted_labels": [status.label for status in COUNTED],
            "requeue_count": records_filtered(filters)
            .filter(status__in=REQUEUEABLE)
            .count(),
        },
    )


def _requeue_selection(data) -> tuple[dict, QuerySet[AttendanceRecord], str]:
    """The rejected and failed records a requeue request names: one record
    (``record``) or all matching the filters."""
    form = RecordFilterForm(data)
    filters = form.filters()
    selection = records_filtered(filters).filter(status__in=REQUEUEABLE)
    record_id = data.get("record", "")
    if record_id:
        if not record_id.isdigit():
            raise Http404
        selection = selection.filter(pk=int(record_id))
    return filters, selection, record_id


@manage_permission_required
def records_requeue_view(request):
    """GET: what would be sent again, and a button; POST: send it again. A
    second POST finds nothing left to requeue and says so."""
    data = request.POST if request.method == "POST" else request.GET
    filters, selection, record_id = _requeue_selection(data)
    back = reverse("registers_admin:index")
    query = filter_query(filters)
    if query:
        back = f"{back}?{query}"
    if request.method == "POST":
        count = records_requeue(records=list(selection))
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s registratie staat weer klaar om te verzenden.",
                    "%(count)s registraties staan weer klaar om te verzenden.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(
                request,
                _(
                    "Er was niets meer opnieuw aan te melden: de registratie is al "
                    "opnieuw aangemeld of niet afgewezen."
                ),
            )
        return redirect(back)
    count = selection.count()
    shown = list(selection[:CONFIRM_SHOWN])
    privacy_log_many(
        actor=request.user,
        subject_ids={record.user_id for record in shown},
        action=PrivacyAction.VIEWED,
        source=PrivacySource.REGISTRATIONS,
    )
    return TemplateResponse(
        request,
        "registers/admin/requeue_confirm.html",
        {
            "count": count,
            "records": shown,
            "more": max(0, count - CONFIRM_SHOWN),
            "record_id": record_id,
            "filters": {
                name: value
                for name, value in data.items()
                if name in FILTER_FIELDS and name in filters
            },
            "back": back,
        },
    )


@manage_permission_required
def records_export(request, course_id: int, register_id: int, kind: str):
    if kind not in ("csv", "xlsx"):
        raise Http404
    course = get_object_or_404(CoursePage, pk=course_id)
    register = get_object_or_404(Register, pk=register_id)
    form = RecordFilterForm(request.GET or None)
    filters = form.filters()
    records = exports.export_records(
        course_id=course.pk,
        register=register,
        start=filters.get("start"),
        end=filters.get("end"),
    )
    privacy_log_many(
        actor=request.user,
        subject_ids=set(records.values_list("user_id", flat=True)),
        action=PrivacyAction.EXPORTED,
        source=PrivacySource.REGISTRATIONS,
        context=f"{course.title}, {register.name}",
    )
    rows = exports.export_rows(records)
    name = f"punten-{register.code}-{course.slug}"[:80]
    if kind == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(
        exports.xlsx_file(rows, title=register.code),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
