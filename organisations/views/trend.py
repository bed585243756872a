"""The trend page: compliance over the last twelve months against the
organisation's target, what expires in the next thirteen weeks, and today's
share per team, as server-rendered SVG charts with their data tables. Every
manager may set the target."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.charts import bar_chart, count_ticks
from organisations.forms import TargetForm
from organisations.selectors.trend import Series, Trend, trend_get
from organisations.views.base import manager_context, manager_required


def _percent_text(percent: int | None) -> str:
    return "–" if percent is None else f"{percent}%"


def _share_chart(*, ident: str, title: str, series: Series, trend: Trend, target):
    labels = [dateformat.format(day, "M") for day in trend.dates[:-1]]
    labels.append(_("nu"))
    percents = [share.percent for share in series.shares]
    known = [p for p in percents if p is not None]
    desc = _(
        "Staafdiagram: aandeel met een geldig certificaat aan het eind van elke "
        "maand, van %(first)s tot vandaag: van %(start)s naar %(end)s. "
        "Doel: %(target)s%%."
    ) % {
        "first": dateformat.format(trend.dates[0], "F Y"),
        "start": _percent_text(known[0] if known else None),
        "end": _percent_text(percents[-1]),
        "target": target,
    }
    return bar_chart(
        ident=ident,
        title=title,
        desc=desc,
        points=[
            (label, percent, _percent_text(percent))
            for label, percent in zip(labels, percents, strict=True)
        ],
        top=100,
        ticks=[0, 25, 50, 75, 100],
        tick_format="{:g}%",
        target=target,
        target_text=_("doel %(target)s%%") % {"target": target},
    )


def _weeks_chart(trend: Trend):
    expiring = sum(week.expiring for week in trend.weeks)
    renewing = sum(week.renewing for week in trend.weeks)
    top, ticks = count_ticks(max((w.expiring for w in trend.weeks), default=0))
    return bar_chart(
        ident="chart-weeks",
        title=_("Certificaten die de komende 13 weken verlopen"),
        desc=ngettext(
            "Staafdiagram per week: in totaal verloopt %(count)s certificaat; "
            "voor %(renewing)s daarvan is de vernieuwing begonnen (het gevulde "
            "deel van de staaf).",
            "Staafdiagram per week: in totaal verlopen %(count)s certificaten; "
            "voor %(renewing)s daarvan is de vernieuwing begonnen (het gevulde "
            "deel van de staaf).",
            expiring,
        )
        % {"count": expiring, "renewing": renewing},
        points=[
            (dateformat.format(week.start, "j-n"), week.expiring, str(week.expiring))
            for week in trend.weeks
        ],
        parts=[week.renewing for week in trend.weeks],
        top=top,
        ticks=ticks,
    )


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
    charts = [
        _share_chart(
            ident="chart-all",
            title=_("Alle verplichte trainingen: aandeel volledig geldig"),
            series=data.overall,
            trend=data,
            target=target,
        )
    ]
    charts += [
        _share_chart(
            ident=f"chart-course-{series.course_id}",
            title=_("%(course)s: aandeel met geldig certificaat")
            % {"course": series.title},
            series=series,
            trend=data,
            target=target,
        )
        for series in data.courses
    ]
    return TemplateResponse(
        request,
        "organisations/trend.html",
        manager_context(
            membership,
            "trend",
            trend=data,
            charts=charts,
            series=[data.overall, *data.courses],
            month_rows=list(
                zip(
                    data.dates,
                    zip(
                        data.overall.shares,
                        *(line.shares for line in data.courses),
                        strict=True,
                    ),
                    strict=True,
                )
            ),
            weeks_chart=_weeks_chart(data),
            target=target,
            form=form,
        ),
        status=400 if request.method == "POST" else 200,
    )
