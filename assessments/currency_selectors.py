"""Reads for keeping quizzes current: what a change of a substance card's
legal fact would take out of which quiz, which questions wait for a reviewer,
and the bank check of every quiz. A fixed number of queries each."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from assessments.models import Question, QuestionSelection, QuizDrawRule, QuizPage
from assessments.models.quiz import QuizQuestion
from courses.models import SubstanceCard


@dataclass(frozen=True)
class QuizShortfall:
    quiz: QuizPage
    message: str


def quizzes_short_if_card_changes(*, card: SubstanceCard) -> list[QuizShortfall]:
    """The quizzes that could no longer be taken as set up if the questions
    tied to ``card`` were suspended now: a category with fewer drawable
    questions than the quiz draws, or fixed questions that would be skipped."""
    tied = dict(
        Question.objects.sources()
        .drawable()
        .filter(fact_cards=card)
        .values_list("pk", "category_id")
    )
    if not tied:
        return []
    tied_per_category = Counter(tied.values())
    available = Counter(
        Question.objects.sources()
        .drawable()
        .filter(category_id__in=tied_per_category)
        .values_list("category_id", flat=True)
    )
    wanted: dict[int, Counter] = {}
    quizzes: dict[int, QuizPage] = {}
    rules = QuizDrawRule.objects.filter(
        category_id__in=tied_per_category, page__selection=QuestionSelection.DRAW
    ).select_related("page", "category")
    names = {}
    for rule in rules:
        quizzes[rule.page_id] = rule.page
        names[rule.category_id] = rule.category.name
        wanted.setdefault(rule.page_id, Counter())[rule.category_id] += rule.count
    found = []
    for quiz_id, per_category in wanted.items():
        for category_id, count in per_category.items():
            left = available[category_id] - tied_per_category[category_id]
            if left < count:
                found.append(
                    QuizShortfall(
                        quiz=quizzes[quiz_id],
                        message=_(
                            "%(quiz)s trekt %(count)s vragen uit %(category)s; "
                            "daar blijven er %(left)s over."
                        )
                        % {
                            "quiz": quizzes[quiz_id].title,
                            "count": count,
                            "category": names[category_id],
                            "left": max(left, 0),
                        },
                    )
                )
    fixed = Counter()
    fixed_quizzes = {}
    for row in QuizQuestion.objects.filter(
        question_id__in=tied, page__selection=QuestionSelection.FIXED
    ).select_related("page"):
        fixed[row.page_id] += 1
        fixed_quizzes[row.page_id] = row.page
    for quiz_id, count in fixed.items():
        found.append(
            QuizShortfall(
                quiz=fixed_quizzes[quiz_id],
                message=_("%(quiz)s slaat dan %(count)s vaste vragen over.")
                % {"quiz": fixed_quizzes[quiz_id].title, "count": count},
            )
        )
    return sorted(found, key=lambda item: item.quiz.title)


def questions_to_review() -> list[Question]:
    """Suspended source questions, oldest suspension first, with their cards."""
    return list(
        Question.objects.sources()
        .filter(suspended_at__isnull=False)
        .select_related("category")
        .prefetch_related("fact_cards")
        .order_by("suspended_at", "key")
    )


# --- bank check ------------------------------------------------------------------


@dataclass(frozen=True)
class QuizBankReport:
    quiz: QuizPage
    question_count: int
    findings: list  # bank_check.Finding


def quiz_bank_reports(*, quizzes=None) -> list[QuizBankReport]:
    """The bank check of every quiz (or of ``quizzes``): the questions each can
    draw (its fixed questions, or every Dutch question of its categories), in a
    fixed number of queries."""
    from assessments.engine.bank_check import bank_findings

    quizzes = list(QuizPage.objects.order_by("title") if quizzes is None else quizzes)
    fixed: dict[int, list[int]] = {quiz.pk: [] for quiz in quizzes}
    for row in QuizQuestion.objects.filter(page__in=quizzes).order_by("sort_order"):
        fixed[row.page_id].append(row.question_id)
    categories: dict[int, set[int]] = {quiz.pk: set() for quiz in quizzes}
    for rule in QuizDrawRule.objects.filter(page__in=quizzes):
        categories[rule.page_id].add(rule.category_id)
    wanted_categories = set().union(*categories.values()) if categories else set()
    wanted_ids = {pk for ids in fixed.values() for pk in ids}
    questions = (
        Question.objects.sources()
        .filter(Q(category_id__in=wanted_categories) | Q(pk__in=wanted_ids))
        .prefetch_related("options", "items", "pairs")
        .order_by("category_id", "id")
    )
    snapshots = {question.pk: (question, question.snapshot()) for question in questions}
    reports = []
    for quiz in quizzes:
        if quiz.selection == QuestionSelection.FIXED:
            chosen = [snapshots[pk] for pk in fixed[quiz.pk] if pk in snapshots]
        else:
            chosen = [
                pair
                for pair in snapshots.values()
                if pair[0].category_id in categories[quiz.pk]
            ]
        reports.append(
            QuizBankReport(
                quiz=quiz,
                question_count=len(chosen),
                findings=bank_findings([snapshot for _q, snapshot in chosen]),
            )
        )
    return reports
