"""The bank check: per quiz, what makes its questions guessable or leaves a
learner without an explanation (``assessments.engine.bank_check``)."""

from django.template.response import TemplateResponse

from assessments.admin_views import EXPORT, admin_permission_required
from assessments.currency_selectors import quiz_bank_reports
from assessments.quiz_messages import BANK_MESSAGES, coded_message


def report_rows(reports) -> list[dict]:
    return [
        {
            "quiz": report.quiz,
            "question_count": report.question_count,
            "messages": [
                coded_message(BANK_MESSAGES, finding.code, finding.params)
                for finding in report.findings
            ],
        }
        for report in reports
    ]


@admin_permission_required(EXPORT)
def bank_check_view(request):
    return TemplateResponse(
        request,
        "assessments/admin/bank_check.html",
        {"rows": report_rows(quiz_bank_reports())},
    )
