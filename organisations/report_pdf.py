"""The monthly report as a PDF: the trend's charts (inline SVG, tagged as
figures named by their titles), the numbers behind them, who is overdue and
which signals wait to be read. Rendered by `certificates.pdf` (the only
WeasyPrint importer), so it is PDF/A-3b, tagged, with its title and language
set and every font embedded, as certificates are.

The HTML is rendered in `language` (the manager's), the PDF says so.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from certificates.pdf import render_pdf
from organisations.labels import LABELS
from organisations.selectors.report import MonthlyReport
from organisations.trend_charts import month_rows, share_charts, weeks_chart

STYLESHEET = Path(__file__).parent / "templates/organisations/report/monthly.css"


def report_title(*, report: MonthlyReport) -> str:
    return _("Maandrapport certificering %(organisation)s, %(month)s") % {
        "organisation": report.organisation.name,
        "month": dateformat.format(report.today, "F Y"),
    }


def report_filename(*, report: MonthlyReport) -> str:
    return f"maandrapport-{report.organisation.pk}-{report.today:%Y-%m}.pdf"


def report_html(*, report: MonthlyReport, language: str) -> str:
    with translation.override(language):
        trend = report.trend
        target = report.organisation.compliance_target
        context = {
            "report": report,
            "organisation": report.organisation,
            "title": report_title(report=report),
            "language": language,
            "trend": trend,
            "target": target,
            "charts": share_charts(trend=trend, target=target) if trend.courses else [],
            "weeks_chart": weeks_chart(trend) if trend.courses else None,
            "series": [trend.overall, *trend.courses],
            "month_rows": month_rows(trend),
            "overdue": [(line, LABELS[line.status]) for line in report.overdue],
        }
        return render_to_string("organisations/report/monthly.html", context)


def report_pdf(*, report: MonthlyReport, language: str) -> bytes:
    """PDF/A-3b bytes of `report` in `language`."""
    with translation.override(language):
        title = report_title(report=report)
    return render_pdf(
        html=report_html(report=report, language=language),
        base_url=None,
        title=title,
        lang=language,
        stylesheets=[STYLESHEET],
    )


def report_month(day: datetime.date) -> datetime.date:
    """The first day of `day`'s month: what a report is filed under."""
    return day.replace(day=1)
