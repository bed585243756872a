"""Builders for the question bank and quiz pages."""

import datetime
import itertools

from assessments.engine.question_rules import QUESTION_TYPES
from assessments.models import (
    Question,
    QuestionCategory,
    QuestionItem,
    QuestionOption,
    QuestionPair,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)
from courses.models import ModulePage
from tests.factories.courses import publish_child

_counter = itertools.count(1)

ALL_TYPES = QUESTION_TYPES


def category_create(*, name: str = "", slug: str = "") -> QuestionCategory:
    number = next(_counter)
    return QuestionCategory.objects.create(
        name=name or f"Categorie {number}", slug=slug or f"categorie-{number}"
    )


def question_create(
    *,
    category: QuestionCategory,
    type: str = "single",
    key: str = "",
    weight: float = 1,
    partial_credit: str = "all_or_nothing",
    **fields,
) -> Question:
    """A complete question of ``type``. single: a (right), b, c; multiple: a and
    b right, c and d wrong; ordering: i1 < i2 < i3; matching: p1–p3; true_false:
    true; short_text: "lijst II" / "lijst 2"."""
    number = next(_counter)
    values = {
        "text": f"<p>Testvraag {number} ({type})</p>",
        "explanation": f"Uitleg bij vraag {number}.",
        "statement_true": True,
        "accepted_answers": "lijst II\nlijst 2",
        "sources": "Bron A (https://example.org/a)",
        **fields,
    }
    question = Question(
        key=key or f"vraag-{number}",
        category=category,
        type=type,
        weight=weight,
        partial_credit=partial_credit,
        **values,
    )
    if type == "single":
        question.options = [
            QuestionOption(key="a", text="Goed antwoord", correct=True, feedback="Ja."),
            QuestionOption(key="b", text="Fout antwoord", feedback="Nee, b."),
            QuestionOption(key="c", text="Ook fout", feedback="Nee, c."),
        ]
    elif type == "multiple":
        question.options = [
            QuestionOption(key="a", text="Goed een", correct=True),
            QuestionOption(key="b", text="Goed twee", correct=True),
            QuestionOption(key="c", text="Fout een"),
            QuestionOption(key="d", text="Fout twee"),
        ]
    elif type == "ordering":
        question.items = [
            QuestionItem(key="i1", text="Eerst"),
            QuestionItem(key="i2", text="Daarna"),
            QuestionItem(key="i3", text="Als laatste"),
        ]
    elif type == "matching":
        question.pairs = [
            QuestionPair(key="p1", prompt="GHB", match="Depressivum"),
            QuestionPair(key="p2", prompt="3-MMC", match="Stimulerend middel"),
            QuestionPair(key="p3", prompt="Ketamine", match="Dissociatief middel"),
        ]
    question.save()
    return question


RIGHT_FORM_DATA = {
    "single": lambda p: {p: ["a"]},
    "multiple": lambda p: {p: ["a", "b"]},
    "true_false": lambda p: {p: ["true"]},
    "short_text": lambda p: {p: ["Lijst  ii."]},
    "ordering": lambda p: {f"{p}-i1": ["1"], f"{p}-i2": ["2"], f"{p}-i3": ["3"]},
    "matching": lambda p: {f"{p}-p1": ["p1"], f"{p}-p2": ["p2"], f"{p}-p3": ["p3"]},
    "essay": lambda p: {p: ["Mijn beschouwing."]},
}
WRONG_FORM_DATA = {
    "single": lambda p: {p: ["b"]},
    "multiple": lambda p: {p: ["c"]},
    "true_false": lambda p: {p: ["false"]},
    "short_text": lambda p: {p: ["lijst I"]},
    "ordering": lambda p: {f"{p}-i1": ["3"], f"{p}-i2": ["2"], f"{p}-i3": ["1"]},
    "matching": lambda p: {f"{p}-p1": ["p2"], f"{p}-p2": ["p3"], f"{p}-p3": ["p1"]},
    "essay": lambda p: {p: ["Weet ik niet."]},
}


def form_data(questions, *, right: bool = True) -> dict[str, list[str]]:
    """Form fields answering every question snapshot right (or wrong)."""
    table = RIGHT_FORM_DATA if right else WRONG_FORM_DATA
    data: dict[str, list[str]] = {}
    for question in questions:
        data.update(table[question["type"]](f"q-{question['id']}"))
    return data


def quiz_create(
    module: ModulePage,
    *,
    questions=(),
    draw: dict | None = None,
    slug: str = "",
    live: bool = True,
    **settings,
) -> QuizPage:
    """A quiz in ``module`` with fixed ``questions`` or ``draw`` {category: n}."""
    number = next(_counter)
    quiz = QuizPage(
        title=settings.pop("title", f"Toets {number}"),
        slug=slug or f"toets-{number}",
        selection="draw" if draw else "fixed",
        pass_percent=settings.pop("pass_percent", 70),
        pass_text="<p>Goed gedaan.</p>",
        fail_text="<p>Nog niet.</p>",
        cooldown=settings.pop("cooldown", datetime.timedelta(0)),
        **settings,
    )
    quiz.fixed_questions = [
        QuizQuestion(question=question, sort_order=n)
        for n, question in enumerate(questions)
    ]
    quiz.draw_rules = [
        QuizDrawRule(category=category, count=count, sort_order=n)
        for n, (category, count) in enumerate((draw or {}).items())
    ]
    if live:
        return publish_child(module, quiz)
    quiz.live = False
    module.add_child(instance=quiz)
    quiz.save_revision()
    return quiz


def staff_create(*codenames: str):
    """A user allowed into the admin holding ``codenames`` of assessments, e.g.
    a trainer ("mark_attemptanswer") or, without them, a manager."""
    from django.contrib.auth.models import Group, Permission

    from tests.factories.users import UserFactory

    user = UserFactory()
    group = Group.objects.create(name=f"groep-{user.pk}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="assessments", codename__in=codenames
        ),
    )
    user.groups.add(group)
    return user
