"""The trend's bar charts with their accessible titles and descriptions, shared
by the trend page and the monthly report PDF (both draw them with
`organisations/includes/chart_bars.html`)."""

from __future__ import annotations

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.charts import BarChart, bar_chart, count_ticks
from organisations.selectors.trend import Series, Trend


def _percent_text(percent: int | None) -> str:
    return "–" if percent is None else f"{percent}%"


def share_chart(
    *, ident: str, title: str, series: Series, trend: Trend, target: int
) -> BarChart:
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


def share_charts(*, trend: Trend, target: int) -> list[BarChart]:
    """All required courses together, then one chart per course."""
    charts = [
        share_chart(
            ident="chart-all",
            title=_("Alle verplichte trainingen: aandeel volledig geldig"),
            series=trend.overall,
            trend=trend,
            target=target,
        )
    ]
    charts += [
        share_chart(
            ident=f"chart-course-{series.course_id}",
            title=_("%(course)s: aandeel met geldig certificaat")
            % {"course": series.title},
            series=series,
            trend=trend,
            target=target,
        )
        for series in trend.courses
    ]
    return charts


def weeks_chart(trend: Trend) -> BarChart:
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


def month_rows(trend: Trend) -> list[tuple]:
    """(month end, [share of all together, share per course]) per month."""
    return list(
        zip(
            trend.dates,
            zip(
                trend.overall.shares,
                *(line.shares for line in trend.courses),
                strict=True,
            ),
            strict=True,
        )
    )
