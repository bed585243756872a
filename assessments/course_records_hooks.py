"""How quizzes take part in a course's accreditation records (the hook of
``courses.course_records``): each question a quiz of the course can put to a
learner is a column of the alignment matrix, and each quiz a study-time item
(the questions one attempt gets, at an estimate per question type). Imported by
``assessments.wagtail_hooks``."""

from collections import defaultdict

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import hooks

from assessments.models import Question, QuestionSelection, QuizDrawRule, QuizPage
from assessments.models.quiz import QuizQuestion
from courses.accreditation import QUESTION, AlignedItem, quiz_item
from courses.course_records import ASSESSED_CONTENT_HOOK, AssessedContent


def _question_item(question: Question) -> AlignedItem:
    return AlignedItem(
        key=f"question-{question.pk}",
        kind=QUESTION,
        label=f"{question.key}: {Truncator(strip_tags(question.text)).chars(80)}",
        group=question.category.name,
        objective_ids=frozenset(o.pk for o in question.objectives.all()),
    )


@hooks.register(ASSESSED_CONTENT_HOOK)
def quiz_assessed_content(*, course) -> AssessedContent:
    """Questions of the course's live quizzes (fixed ones, or every source
    question of the categories they draw from), in a fixed number of queries."""
    quizzes = list(QuizPage.objects.live().descendant_of(course).order_by("path"))
    fixed: dict[int, list[int]] = defaultdict(list)
    for row in QuizQuestion.objects.filter(page__in=quizzes).order_by("sort_order"):
        fixed[row.page_id].append(row.question_id)
    rules: dict[int, list[QuizDrawRule]] = defaultdict(list)
    for rule in QuizDrawRule.objects.filter(page__in=quizzes).order_by("sort_order"):
        rules[rule.page_id].append(rule)
    categories = {rule.category_id for rows in rules.values() for rule in rows}
    fixed_ids = {pk for ids in fixed.values() for pk in ids}
    questions = list(
        Question.objects.sources()
        .filter(Q(category_id__in=categories) | Q(pk__in=fixed_ids))
        .select_related("category")
        .prefetch_related("objectives")
        .order_by("category__name", "key")
    )
    by_id = {question.pk: question for question in questions}
    study = []
    for quiz in quizzes:
        if quiz.selection == QuestionSelection.FIXED:
            types = [by_id[pk].type for pk in fixed[quiz.pk] if pk in by_id]
            draws = [(len(types), types)]
        else:
            draws = [
                (
                    rule.count,
                    [q.type for q in questions if q.category_id == rule.category_id],
                )
                for rule in rules[quiz.pk]
            ]
        study.append(quiz_item(title=quiz.title, draws=draws, claimed=quiz.minutes))
    return AssessedContent(
        items=[_question_item(question) for question in questions], study=study
    )
