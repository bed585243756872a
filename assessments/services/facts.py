"""Questions that depend on facts of substance cards.

A question names the cards its right answer depends on (``Question.fact_cards``).
When a published revision changes a card's legal fact, every question tied to
it is suspended: new attempts no longer draw it, attempts already started keep
their snapshot. A reviewer lifts the suspension by confirming the question, or
by editing it in the admin (``question_facts_confirm``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Question
from courses.models import SubstanceCard
from training.models import User


@transaction.atomic
def questions_suspend_for_card(*, card: SubstanceCard) -> int:
    """Suspend the questions that depend on ``card`` (and their translations,
    which share their key stem but are never drawn). Questions already
    suspended keep their first reason. Returns how many were suspended."""
    reason = _("De juridische status op de stofkaart %(card)s is gewijzigd.") % {
        "card": card.name
    }
    return Question.objects.filter(fact_cards=card, suspended_at__isnull=True).update(
        suspended_at=timezone.now(), suspended_reason=reason[:300]
    )


@transaction.atomic
def question_facts_confirm(*, question: Question, user: User) -> bool:
    """A reviewer confirms (or has just edited) ``question`` against the facts
    it depends on: the suspension ends and the review time is recorded. The
    question's version is not bumped (nothing in it changed). Returns whether
    it was suspended; confirming twice does nothing more."""
    now = timezone.now()
    suspended = Question.objects.filter(
        pk=question.pk, suspended_at__isnull=False
    ).update(
        suspended_at=None,
        suspended_reason="",
        facts_reviewed_at=now,
        facts_reviewed_by=user,
    )
    if not suspended:
        Question.objects.filter(pk=question.pk).update(
            facts_reviewed_at=now, facts_reviewed_by=user
        )
    question.refresh_from_db(
        fields=[
            "suspended_at",
            "suspended_reason",
            "facts_reviewed_at",
            "facts_reviewed_by",
        ]
    )
    return bool(suspended)
