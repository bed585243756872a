"""Importing and exporting the question bank as XLSX or CSV.

The import reads every row first and reports each problem with its row number
and column, in the current language; it saves nothing unless every row is
valid, and then saves all rows in one transaction. Rows are matched on ``key``:
an existing question is updated (and its version bumped) only when something
changed, so importing the same file twice changes nothing the second time.
The file format is described in ``assessments.spreadsheet``; the export is in
``assessments.exports``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import strip_tags

from assessments.engine.question_rules import question_problems
from assessments.models import (
    Question,
    QuestionCategory,
    QuestionItem,
    QuestionOption,
    QuestionPair,
)
from assessments.quiz_messages import IMPORT_MESSAGES, QUESTION_MESSAGES, coded_message
from assessments.spreadsheet import (
    COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    UnreadableFile,
    lines,
    parse_option_line,
    parse_pair_line,
    read_rows,
)

KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
TRUE_WORDS = {"true", "juist", "waar", "ja", "1", "x"}
FALSE_WORDS = {"false", "onjuist", "onwaar", "nee", "0"}
TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1); 0 for the file
    column: str  # column name, "" for the whole row or file
    message: str


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_html(html: str) -> str:
    """Question text as the rich text editor would store it: only the allowed
    formatting survives, scripts and attributes do not."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=TEXT_FEATURES)
    cleaned = converter.to_database_format(converter.from_database_format(html))
    return re.sub(r' data-block-key="[^"]*"', "", cleaned)


PROGRESS_EVERY = 100  # rows


def questions_import(
    *,
    name: str,
    content: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate every row of the upload, then (only if all are valid) save.
    `progress(done, total)` is called after reading and every PROGRESS_EVERY
    rows checked (the background job's page shows it)."""
    try:
        header, rows = read_rows(name=name, content=content)
    except UnreadableFile as error:
        return _file_error(f"unreadable_{error.args[0]}")
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return _file_error("missing_columns", columns=", ".join(missing))
    if len(rows) > MAX_ROWS:
        return _file_error("too_many_rows", max=MAX_ROWS)
    if progress:
        progress(0, len(rows))
    categories = {c.slug: c for c in QuestionCategory.objects.all()}
    report = ImportReport()
    parsed = []
    first_row_of_key: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        record = {
            column: (cells[i] if i < len(cells) else "").strip()
            for i, column in enumerate(header)
            if column in COLUMNS
        }
        errors: list[tuple[str, str, dict]] = []
        data = _row_question(record, categories, errors)
        key = record.get("key", "")
        if key in first_row_of_key:
            errors.append(("key", "duplicate_key", {"row": first_row_of_key[key]}))
        first_row_of_key.setdefault(key, number)
        report.errors.extend(_row_errors(number, errors))
        parsed.append(data)
        if progress and (number - 1) % PROGRESS_EVERY == 0:
            progress(number - 1, len(rows))
    if progress:
        progress(len(rows), len(rows))
    if report.errors:
        return report
    with transaction.atomic():
        for data in parsed:
            outcome = question_save(data)
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _file_error(code: str, **params) -> ImportReport:
    return ImportReport(
        errors=[RowError(0, "", coded_message(IMPORT_MESSAGES, code, params))]
    )


def _row_errors(number: int, errors) -> list[RowError]:
    result = []
    for column, code, params in errors:
        table = IMPORT_MESSAGES if code in IMPORT_MESSAGES else QUESTION_MESSAGES
        result.append(RowError(number, column, coded_message(table, code, params)))
    return result


def _row_question(record: dict, categories: dict, errors: list) -> dict:
    key = record.get("key", "")
    if not key:
        errors.append(("key", "required", {}))
    elif not KEY_PATTERN.match(key):
        errors.append(("key", "invalid_key", {}))
    category = categories.get(record.get("category", ""))
    if category is None:
        errors.append(
            ("category", "unknown_category", {"value": record.get("category", "")[:60]})
        )
    data = {
        "key": key,
        "category": category,
        "type": record.get("type", "").lower(),
        "text": record.get("text", ""),
        "explanation": record.get("explanation", ""),
        "partial_credit": record.get("partial_credit", "") or "all_or_nothing",
        "accepted_answers": lines(record.get("accepted_answers", "")),
        "sources": lines(record.get("sources", "")),
        "feedback_correct": record.get("feedback_correct", ""),
        "feedback_incorrect": record.get("feedback_incorrect", ""),
        "tags": [t.strip() for t in record.get("tags", "").split(",") if t.strip()],
        "weight": _number(record.get("weight", ""), errors),
        "correct": _boolean(record, errors),
        "options": _parsed_lines(record, "options", parse_option_line, errors),
        "items": [{"text": line} for line in lines(record.get("items", ""))],
        "pairs": _parsed_lines(record, "pairs", parse_pair_line, errors),
    }
    if record.get("case_based"):  # an empty cell keeps what the bank says
        data["case_based"] = _boolean(record, errors, column="case_based")
    if data["type"] == "true_false" and data["correct"] is None:
        errors.append(("correct", "required", {}))
    if data["weight"] is not None:
        checked = {**data, "text": strip_tags(data["text"])}
        for problem in question_problems(checked):
            errors.append((problem.field, problem.code, problem.params))
    return data


def _number(raw: str, errors: list) -> float | None:
    if not raw:
        return 1.0
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        errors.append(("weight", "invalid_number", {"value": raw[:20]}))
        return None
    if not 0 < value < 1000:
        errors.append(("weight", "weight_positive", {"value": raw[:20]}))
        return None
    return value


def _boolean(record: dict, errors: list, column: str = "correct") -> bool | None:
    raw = record.get(column, "").strip().lower()
    if not raw:
        return None
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    errors.append((column, "invalid_boolean", {"value": raw[:20]}))
    return None


def _parsed_lines(record: dict, column: str, parse, errors: list) -> list[dict]:
    parts = []
    for number, line in enumerate(lines(record.get(column, "")), start=1):
        part = parse(line)
        if part is None:
            errors.append((column, f"bad_{column}_line", {"line": number}))
        else:
            parts.append(part)
    return parts


# --- saving --------------------------------------------------------------------


def question_save(data: dict) -> str:
    """Create or update the question ``data["key"]`` from parsed row data
    (parts may carry their own ``key``); "created", "updated" or "unchanged".
    The version is bumped only when something changed."""
    question = (
        Question.objects.prefetch_related("options", "items", "pairs", "tags")
        .filter(key=data["key"])
        .first()
    )
    created = question is None
    question = question or Question(key=data["key"])
    before = None if created else _comparable(question)
    question.category = data["category"]
    question.type = data["type"]
    question.text = clean_html(data["text"])
    question.explanation = data["explanation"]
    question.weight = data["weight"]
    question.partial_credit = data["partial_credit"]
    question.statement_true = bool(data["correct"])
    question.accepted_answers = "\n".join(data["accepted_answers"])
    question.sources = "\n".join(data["sources"])
    question.feedback_correct = data["feedback_correct"]
    question.feedback_incorrect = data["feedback_incorrect"]
    if "case_based" in data:  # older spreadsheets lack the column: it stays
        question.case_based = bool(data["case_based"])
    if "fixed_order" in data:  # spreadsheets have no column: the admin's choice stays
        question.fixed_option_order = bool(data["fixed_order"])
    keys = (
        {
            name: [part.key for part in _in_order(getattr(question, name).all())]
            for name in ("options", "items", "pairs")
        }
        if not created
        else {"options": [], "items": [], "pairs": []}
    )
    question.options = [
        QuestionOption(
            key=option.get("key") or _kept_key(keys["options"], n, ""),
            sort_order=n,
            text=option["text"],
            correct=bool(option.get("correct")),
            feedback=option.get("feedback") or "",
        )
        for n, option in enumerate(data["options"])
    ]
    question.items = [
        QuestionItem(
            key=item.get("key") or _kept_key(keys["items"], n, "i"),
            sort_order=n,
            text=item["text"],
        )
        for n, item in enumerate(data["items"])
    ]
    question.pairs = [
        QuestionPair(
            key=pair.get("key") or _kept_key(keys["pairs"], n, "p"),
            sort_order=n,
            prompt=pair["prompt"],
            match=pair["match"],
        )
        for n, pair in enumerate(data["pairs"])
    ]
    tags = sorted(set(data["tags"]))
    if not created and _comparable(question) == before and _tags(question) == tags:
        return "unchanged"
    question.tags.set(tags)
    question.save()
    return "created" if created else "updated"


def _kept_key(existing: list[str], n: int, prefix: str) -> str:
    """Keep the key of the part at the same place, so stored answers that name
    it still mean the same part; new parts get a fresh key."""
    if n < len(existing):
        return existing[n]
    if prefix:
        number = n + 1
        while f"{prefix}{number}" in existing:
            number += 1
        return f"{prefix}{number}"
    letters = "abcdefghijklmnopqrstuvwxyz"
    for letter in letters[n:] + letters[:n]:
        if letter not in existing:
            return letter
    return f"o{n + 1}"


def _in_order(parts) -> list:
    return sorted(parts, key=lambda part: (part.sort_order or 0, part.pk or 0))


def _comparable(question: Question) -> dict:
    data = question.snapshot()
    data.pop("version", None)
    data["category_id"] = question.category_id
    data["case_based"] = question.case_based
    data["all_parts"] = [
        [(o.key, o.text, o.correct, o.feedback) for o in question.options.all()],
        [(i.key, i.text) for i in question.items.all()],
        [(p.key, p.prompt, p.match) for p in question.pairs.all()],
    ]
    return data


def _tags(question: Question) -> list[str]:
    return sorted(tag.name for tag in question.tags.all())
