"""Exporting the question bank as XLSX or CSV, in the format the import reads
(``assessments.spreadsheet``); cells that could run as formulas are neutralised."""

from assessments.spreadsheet import COLUMNS, option_line, write_csv, write_xlsx

# --- export --------------------------------------------------------------------


def export_rows(questions) -> list[list[object]]:
    rows = []
    for question in questions:
        values = {
            "key": question.key,
            "category": question.category.slug,
            "type": question.type,
            "text": question.text,
            "case_based": "true" if question.case_based else "false",
            "options": "\n".join(
                option_line(text=o.text, correct=o.correct, feedback=o.feedback)
                for o in question.options.all()
            ),
            "correct": ("true" if question.statement_true else "false")
            if question.type == "true_false"
            else "",
            "accepted_answers": question.accepted_answers,
            "items": "\n".join(item.text for item in question.items.all()),
            "pairs": "\n".join(
                f"{p.prompt} => {p.match}" for p in question.pairs.all()
            ),
            "partial_credit": question.partial_credit,
            "weight": float(question.weight),
            "explanation": question.explanation,
            "feedback_correct": question.feedback_correct,
            "feedback_incorrect": question.feedback_incorrect,
            "sources": question.sources,
            "tags": ", ".join(sorted(tag.name for tag in question.tags.all())),
        }
        rows.append([values[column] for column in COLUMNS])
    return rows


def questions_export(*, questions, file_format: str) -> bytes:
    """The questions as an XLSX or CSV file (``file_format`` "xlsx" or "csv")."""
    questions = questions.select_related("category").prefetch_related(
        "options", "items", "pairs", "tags"
    )
    rows = export_rows(questions)
    return write_xlsx(rows) if file_format == "xlsx" else write_csv(rows)
