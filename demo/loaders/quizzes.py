"""Question banks and quizzes from the course YAML.

A course's ``question_bank`` (a category and its questions, in the shapes of
docs/schemas.md) is loaded into the bank, keyed by question ``key``; a module's
``quiz`` becomes a QuizPage in that module, keyed by slug. Importing this module
registers ``quiz_load`` with the course loader. Idempotent: unchanged questions
keep their version and an unchanged quiz gets no new revision.
"""

import datetime

from django.conf import settings
from django.utils.html import escape

from assessments.engine.essay_rule import always_drawn_essays, marking_problem
from assessments.engine.question_rules import question_problems
from assessments.imports import question_save
from assessments.models import (
    Question,
    QuestionCategory,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)
from courses.models import ModulePage, SubstanceCard
from demo.loaders.courses import MODULE_EXTRA_LOADERS
from demo.loaders.streams import ContentError


def question_bank_load(bank: dict) -> bool:
    """Create or update the bank's category and questions; True if anything
    changed. Raises ``ContentError`` for an incomplete question."""
    info = bank["category"]
    category, created = QuestionCategory.objects.get_or_create(
        slug=info["slug"], defaults={"name": info["name"]}
    )
    changed = created
    if category.name != info["name"]:
        category.name = info["name"]
        category.save()
        changed = True
    for data in bank.get("questions", []):
        own = _category(data["category"]) if data.get("category") else category
        changed |= question_save(_question_data(own, data)) != "unchanged"
        changed |= _tie_to_cards(data["key"], data.get("depends_on") or [])
    return changed


def _tie_to_cards(key: str, slugs: list[str]) -> bool:
    """The substance cards the question's right answer depends on (a change of
    their legal status suspends it); True if the ties changed."""
    cards = list(
        SubstanceCard.objects.filter(
            slug__in=slugs, locale__language_code=settings.LANGUAGE_CODE
        )
    )
    if len(cards) != len(set(slugs)):
        raise ContentError(f"question {key}: unknown substance card in {slugs}")
    question = Question.objects.get(key=key)
    wanted = {card.pk for card in cards}
    if set(question.fact_cards.values_list("pk", flat=True)) == wanted:
        return False
    question.fact_cards.set(wanted)
    return True


def _category(info: dict) -> QuestionCategory:
    """A question may name its own category (e.g. a core set every attempt
    draws completely) instead of the bank's."""
    category, _created = QuestionCategory.objects.get_or_create(
        slug=info["slug"], defaults={"name": info["name"]}
    )
    return category


def _question_data(category: QuestionCategory, data: dict) -> dict:
    problems = question_problems(data)
    if problems:
        details = ", ".join(f"{p.field}: {p.code}" for p in problems)
        raise ContentError(f"question {data.get('key')}: {details}")
    return {
        "key": data["key"],
        "category": category,
        "type": data["type"],
        "text": data["text"],
        "case_based": bool(data.get("case_based", False)),
        "explanation": data.get("explanation", ""),
        "partial_credit": data.get("partial_credit") or "all_or_nothing",
        "accepted_answers": list(data.get("accepted_answers") or []),
        "sources": list(data.get("sources") or []),
        "feedback_correct": data.get("feedback_correct", ""),
        "feedback_incorrect": data.get("feedback_incorrect", ""),
        "tags": list(data.get("tags") or []),
        "weight": float(data.get("weight", 1)),
        "correct": data.get("correct"),
        "options": list(data.get("options") or []),
        "items": list(data.get("items") or []),
        "pairs": list(data.get("pairs") or []),
        "fixed_order": bool(data.get("fixed_order", False)),
    }


def _paragraph(text: str) -> str:
    return f"<p>{escape(text.strip())}</p>" if text and text.strip() else ""


def _minutes(value) -> datetime.timedelta | None:
    return datetime.timedelta(minutes=float(value)) if value else None


def quiz_load(module: ModulePage, data: dict, course_data: dict) -> bool:
    """The module's quiz (and first the course's question bank); True if
    anything changed."""
    changed = False
    if course_data.get("question_bank"):
        changed = question_bank_load(course_data["question_bank"])
    quiz = QuizPage.objects.child_of(module).filter(slug=data["slug"]).first()
    created = quiz is None
    quiz = quiz or QuizPage(slug=data["slug"])
    fields = {
        "title": data["title"],
        "intro": _paragraph(data.get("intro", "")),
        "selection": "draw" if data.get("draw") else "fixed",
        "shuffle_questions": bool(data.get("shuffle", False)),
        "shuffle_options": bool(data.get("shuffle_options", True)),
        "layout": data.get("layout", "one_per_page"),
        "feedback_mode": data.get("feedback", "end"),
        "pass_percent": round(float(data.get("pass_mark", 0.7)) * 100),
        "pass_text": _paragraph(data.get("pass_text", "")),
        "fail_text": _paragraph(data.get("fail_text", "")),
        "max_attempts": int(data.get("max_attempts") or 0),
        "cooldown": _minutes(data.get("cooldown_minutes")) or datetime.timedelta(0),
        "time_limit": _minutes(data.get("time_limit_minutes")),
        "minutes": int(data.get("minutes", 15)),
        "essay_marking_promised": bool(data.get("essay_marking_days")),
        "essay_marking_days": data.get("essay_marking_days"),
    }
    rules = _draw_rules(data)
    fixed = _fixed_questions(data)
    _refuse_unmarked_essays(data, rules, fixed)
    current_rules = [(r.category_id, r.count) for r in quiz.draw_rules.all()]
    current_fixed = [q.question_id for q in quiz.fixed_questions.all()]
    differs = any(getattr(quiz, name) != value for name, value in fields.items())
    if (
        not created
        and not differs
        and current_rules == rules
        and current_fixed == fixed
    ):
        return changed
    for name, value in fields.items():
        setattr(quiz, name, value)
    quiz.draw_rules = [
        QuizDrawRule(category_id=category_id, count=count, sort_order=n)
        for n, (category_id, count) in enumerate(rules)
    ]
    quiz.fixed_questions = [
        QuizQuestion(question_id=question_id, sort_order=n)
        for n, question_id in enumerate(fixed)
    ]
    if created:
        module.add_child(instance=quiz)
    else:
        quiz.save()
    quiz.save_revision().publish()
    return True


def _refuse_unmarked_essays(data: dict, rules, fixed) -> None:
    """The admin's rule: an essay in every attempt needs a marking promise."""
    draws: dict[int, int] = {}
    for category_id, count in rules:
        draws[category_id] = draws.get(category_id, 0) + count
    pools: dict[int, list[str]] = {key: [] for key in draws}
    for category_id, kind in (
        Question.objects.sources()
        .filter(category_id__in=draws)
        .values_list("category_id", "type")
    ):
        pools[category_id].append(kind)
    fixed_types = list(
        Question.objects.filter(pk__in=fixed).values_list("type", flat=True)
    )
    days = data.get("essay_marking_days")
    code = marking_problem(
        always_drawn=always_drawn_essays(
            fixed_types=fixed_types if not rules else [], draws=draws, pools=pools
        ),
        promised=bool(days),
        days=days,
    )
    if code:
        raise ContentError(f"quiz {data['slug']}: {code} (set essay_marking_days)")


def _draw_rules(data: dict) -> list[tuple[int, int]]:
    rules = []
    for rule in data.get("draw") or []:
        category = QuestionCategory.objects.filter(slug=rule["category"]).first()
        if category is None:
            raise ContentError(
                f"quiz {data['slug']}: unknown category {rule['category']}"
            )
        rules.append((category.pk, int(rule["count"])))
    return rules


def _fixed_questions(data: dict) -> list[int]:
    keys = list(data.get("questions") or [])
    ids = dict(Question.objects.filter(key__in=keys).values_list("key", "pk"))
    missing = [key for key in keys if key not in ids]
    if missing:
        raise ContentError(f"quiz {data['slug']}: unknown questions {missing}")
    return [ids[key] for key in keys]


MODULE_EXTRA_LOADERS["quiz"] = quiz_load
