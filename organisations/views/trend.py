"""The trend page: compliance over the last twelve months against the
organisation's target, what expires in the next thirteen weeks, and today's
share per team, as server-rendered SVG charts with their data tables. Every
manager may set the target, download the monthly report as a PDF and choose
to receive it by email each month."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import ReportSubscriptionForm, TargetForm
from organisations.report_pdf import report_filename, report_pdf
from organisations.selectors.report import monthly_report_get
from organisations.selectors.trend import trend_get
from organisations.services.monthly_reports import monthly_report_subscribe
from organisations.trend_charts import month_rows, share_charts, weeks_chart
from organisations.views.base import manager_context, manager_required
from organisations.workdays import next_report_day


@manager_required
def trend(request, *, membership):
    organisation = membership.organisation
    form = TargetForm(initial={"target": organisation.compliance_target})
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            organisation.compliance_target = form.cleaned_data["target"]
            organisation.save(update_fields=["compliance_target"])
            messages.success(request, _("Het doel is opgeslagen."))
            return redirect("organisations:trend", organisation.pk)
    target = organisation.compliance_target
    data = trend_get(organisation=organisation, today=timezone.localdate())
    return TemplateResponse(
        request,
        "organisations/trend.html",
        manager_context(
            membership,
            "trend",
            trend=data,
            charts=share_charts(trend=data, target=target),
            series=[data.overall, *data.courses],
            month_rows=month_rows(data),
            weeks_chart=weeks_chart(data),
            target=target,
            form=form,
            subscription_form=ReportSubscriptionForm(
                initial={"monthly_report": membership.monthly_report_since is not None}
            ),
        ),
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def report_download(request, *, membership):
    """The monthly report of today, in the manager's interface language."""
    report = monthly_report_get(
        organisation=membership.organisation, today=timezone.localdate()
    )
    content = report_pdf(report=report, language=translation.get_language() or "nl")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{report_filename(report=report)}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@manager_required
def report_subscription(request, *, membership):
    """Opt in to or out of the monthly report by email, for this organisation."""
    form = ReportSubscriptionForm(request.POST)
    subscribed = form.is_valid() and form.cleaned_data["monthly_report"]
    was = membership.monthly_report_since is not None
    monthly_report_subscribe(membership=membership, subscribed=subscribed)
    if subscribed and not was:
        text = _(
            "Je krijgt het maandrapport voortaan op de eerste werkdag van elke "
            "maand per e-mail op %(email)s, de eerste keer op %(date)s."
        ) % {
            "email": request.user.email,
            "date": date_format(next_report_day(timezone.localdate()), "j F Y"),
        }
    elif subscribed:
        text = _("Je krijgt het maandrapport al per e-mail; er is niets veranderd.")
    elif was:
        text = _("Je krijgt het maandrapport niet meer per e-mail.")
    else:
        text = _("Je krijgt het maandrapport niet per e-mail; er is niets veranderd.")
    messages.success(request, text)
    trend_url = reverse("organisations:trend", args=[membership.organisation_id])
    return redirect(f"{trend_url}#report-heading")
