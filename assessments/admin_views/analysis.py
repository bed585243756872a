"""Item analysis per quiz: facility, discrimination, option choice counts and
time per question, on screen and as CSV."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments.admin_views import ANALYSE, admin_permission_required
from assessments.models import QuizPage
from assessments.selectors import quizzes_with_attempts
from assessments.services.item_analysis import item_analysis_current
from assessments.spreadsheet import neutralise


@admin_permission_required(ANALYSE)
def analysis_index_view(request):
    return TemplateResponse(
        request,
        "assessments/admin/analysis_index.html",
        {"quizzes": list(quizzes_with_attempts())},
    )


def _rows(items) -> list[dict]:
    rows = []
    for item in items:
        question, stats = item.question, item.statistics
        texts = {o["key"]: o for o in question.get("options", ())}
        if question["type"] == "true_false":
            texts = {
                "true": {"text": _("Juist"), "correct": question.get("correct")},
                "false": {"text": _("Onjuist"), "correct": not question.get("correct")},
            }
        rows.append(
            {
                "key": question.get("key", ""),
                "text": strip_tags(question["text"]),
                "type": question["type"],
                "responses": stats.responses,
                "facility": stats.facility,
                "discrimination": stats.discrimination,
                "mean_seconds": stats.mean_seconds,
                "options": [
                    {
                        "key": key,
                        "text": option["text"],
                        "correct": bool(option.get("correct")),
                        "count": stats.option_counts.get(key, 0),
                    }
                    for key, option in texts.items()
                ],
            }
        )
    return rows


@admin_permission_required(ANALYSE)
def analysis_view(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    analysis = item_analysis_current(quiz=quiz)
    rows = _rows(analysis.rows)
    if request.GET.get("format") == "csv":
        return _csv(quiz, rows)
    return TemplateResponse(
        request,
        "assessments/admin/analysis.html",
        {
            "quiz": quiz,
            "attempts": analysis.attempts,
            "rows": rows,
            "computed_at": analysis.computed_at,
            "stale": analysis.stale,
        },
    )


def _fmt(value, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _csv(quiz: QuizPage, rows: list[dict]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "key",
            "type",
            "question",
            "responses",
            "facility",
            "discrimination",
            "mean_seconds",
            "option_counts",
        ]
    )
    for row in rows:
        counts = "; ".join(
            f"{o['key']}{'*' if o['correct'] else ''}={o['count']}"
            for o in row["options"]
        )
        writer.writerow(
            [
                neutralise(cell)
                for cell in (
                    row["key"],
                    row["type"],
                    row["text"],
                    row["responses"],
                    _fmt(row["facility"]),
                    _fmt(row["discrimination"]),
                    _fmt(row["mean_seconds"], 1),
                    counts,
                )
            ]
        )
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    name = slugify(quiz.title) or "toets"
    response["Content-Disposition"] = f'attachment; filename="analyse-{name}.csv"'
    return response
