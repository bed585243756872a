"""How ``assessments`` takes part in keeping facts current (the hooks of
``courses.fact_hooks``): suspend questions when a card's fact changes, warn on
the card's edit page, and add questions to review and bank-check findings to
the report "Inhoud te beoordelen". Imported by ``assessments.wagtail_hooks``."""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail import hooks

from assessments.admin_views.bank import report_rows
from assessments.currency_selectors import (
    questions_to_review,
    quiz_bank_reports,
    quizzes_short_if_card_changes,
)
from assessments.models import Question
from assessments.services import question_facts_confirm, questions_suspend_for_card
from courses.fact_hooks import (
    FACT_CHANGED_HOOK,
    FACT_DEPENDENTS_HOOK,
    FRESHNESS_SECTIONS_HOOK,
    FreshnessRow,
    FreshnessSection,
)


@hooks.register(FACT_CHANGED_HOOK)
def suspend_questions(card, before, after):
    questions_suspend_for_card(card=card)


@hooks.register(FACT_DEPENDENTS_HOOK)
def card_dependents(card) -> list[str]:
    tied = Question.objects.sources().filter(fact_cards=card).count()
    if not tied:
        return []
    warnings = [
        _(
            "%(count)s vragen hangen af van deze kaart. Publiceer je een andere "
            "juridische status, dan worden ze niet meer getrokken tot iemand ze "
            "controleert."
        )
        % {"count": tied}
    ]
    warnings += [item.message for item in quizzes_short_if_card_changes(card=card)]
    return warnings


@hooks.register("after_edit_snippet")
def edited_question_is_reviewed(request, instance):
    """Editing a suspended question is a review: it may be drawn again."""
    if isinstance(instance, Question) and instance.suspended_at is not None:
        question_facts_confirm(question=instance, user=request.user)


@hooks.register(FRESHNESS_SECTIONS_HOOK)
def freshness_sections(request) -> list[FreshnessSection]:
    sections = []
    if request.user.has_perm("assessments.confirm_question_facts"):
        sections.append(_questions_section())
    if request.user.has_perm("assessments.view_question"):
        sections.append(_bank_section())
    return sections


def _questions_section() -> FreshnessSection:
    rows = []
    for question in questions_to_review():
        cards = ", ".join(card.name for card in question.fact_cards.all())
        rows.append(
            FreshnessRow(
                label=f"{question.key}: "
                + Truncator(strip_tags(question.text)).chars(80),
                url=reverse(
                    "wagtailsnippets_assessments_question:edit", args=[question.pk]
                ),
                detail=_("%(reason)s Kaarten: %(cards)s.")
                % {"reason": question.suspended_reason, "cards": cards or "–"},
                action_url=reverse(
                    "assessments_admin:facts_confirm", args=[question.pk]
                ),
                action_label=_("Controleren"),
            )
        )
    return FreshnessSection(
        title=_("Vragen waarvan een feit is veranderd"),
        description=_(
            "Deze vragen worden niet meer getrokken sinds de juridische status "
            "op een stofkaart veranderde. Controleer of het juiste antwoord nog "
            "klopt; pogingen die al liepen houden hun vragen."
        ),
        rows=rows,
        empty_text=_("Geen vragen te controleren."),
    )


def _bank_detail(messages: list[str], shown: int = 3) -> str:
    detail = " ".join(messages[:shown])
    if len(messages) > shown:
        detail += " " + _("Nog %(count)s bevindingen in de vragenbankcontrole.") % {
            "count": len(messages) - shown
        }
    return detail


def _bank_section() -> FreshnessSection:
    rows = [
        FreshnessRow(
            label=row["quiz"].title,
            url=reverse("assessments_admin:bank_check") + f"#toets-{row['quiz'].pk}",
            detail=_bank_detail(row["messages"]),
        )
        for row in report_rows(quiz_bank_reports())
        if row["messages"]
    ]
    return FreshnessSection(
        title=_("Toetsen die te raden zijn of uitleg missen"),
        description=_(
            "De vragenbankcontrole per toets: een juist antwoord dat vaak op "
            "dezelfde plaats staat of het langste is, meerkeuzevragen met maar één "
            "fout antwoord, en vragen zonder uitleg of met een uitleg die alleen "
            "het antwoord herhaalt."
        ),
        rows=rows,
        empty_text=_("De vragenbanken zien er goed uit."),
    )
