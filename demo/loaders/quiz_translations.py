"""English question bank and quiz page of a translated course.

A question's translation is a Wagtail translation of the Dutch question (same
translation key, locale "en", parts with the same keys); only texts are taken from
the YAML, since grading goes by the source. The quiz page translation carries the
title, introduction and pass/fail texts; its draw rules are never used (attempts
draw from the source quiz). Idempotent: an unchanged translation is not saved.
"""

from django.db.models import prefetch_related_objects
from wagtail.models import Locale

from assessments.models import Question, QuizPage
from assessments.question_translation import PART_TEXT_FIELDS
from courses.models import ModulePage
from demo.loaders.courses import _set_fields
from demo.loaders.quizzes import _paragraph
from demo.loaders.streams import ContentError

QUESTION_TEXTS = (
    "text",
    "explanation",
    "feedback_correct",
    "feedback_incorrect",
)


def _question_fields(data: dict) -> dict:
    fields = {name: data.get(name, "") for name in QUESTION_TEXTS}
    fields["sources"] = "\n".join(data.get("sources") or [])
    if data.get("accepted_answers"):
        fields["accepted_answers"] = "\n".join(data["accepted_answers"])
    return fields


def _parts_set(question: Question, data: dict) -> bool:
    changed = False
    for relation, names in PART_TEXT_FIELDS.items():
        rows = {row["key"]: row for row in data.get(relation) or []}
        for part in getattr(question, relation).all():
            row = rows.get(part.key)
            if row is None:
                continue  # the source's text stays: see question_translation
            for name in names:
                value = row.get(name, "")
                if value and getattr(part, name) != value:
                    setattr(part, name, value)
                    changed = True
    return changed


def questions_translate(locale: Locale, bank: dict | None) -> int:
    """Translate the bank's questions found in the Dutch bank; the number saved."""
    saved = 0
    rows = {row["key"]: row for row in (bank or {}).get("questions", [])}
    sources = Question.objects.sources().filter(key__in=rows)
    if len(sources) != len(rows):
        missing = sorted(set(rows) - {question.key for question in sources})
        raise ContentError(f"English questions without a Dutch source: {missing}")
    translations = {
        question.translation_key: question
        for question in Question.objects.filter(
            locale=locale, translation_key__in=[q.translation_key for q in sources]
        )
    }
    prefetch_related_objects(list(translations.values()), *PART_TEXT_FIELDS)
    for source in sources:
        translation = translations.get(source.translation_key)
        created = translation is None
        if created:
            translation = source.copy_for_translation(locale)
        data = rows[source.key]
        changed = _set_fields(translation, _question_fields(data))
        changed = _parts_set(translation, data) or changed
        if created or changed:
            translation.save()
            saved += 1
    return saved


def quiz_translate(module: ModulePage, locale: Locale, data: dict | None) -> None:
    if not data:
        return
    source = QuizPage.objects.child_of(module).filter(slug=data["slug"]).first()
    if source is None:
        return
    existing = source.get_translation_or_none(locale)
    page = existing.specific if existing else source.copy_for_translation(locale)
    page = page.specific
    changed = _set_fields(
        page,
        {
            "title": data["title"],
            "intro": _paragraph(data.get("intro", "")),
            "pass_text": _paragraph(data.get("pass_text", "")),
            "fail_text": _paragraph(data.get("fail_text", "")),
        },
    )
    if changed or existing is None or not page.live:
        page.save()
        page.save_revision().publish()
