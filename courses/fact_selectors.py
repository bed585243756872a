"""Reads for the freshness report's currency sections: lessons showing a card
whose legal fact changed since the lesson was last reviewed (published through
the review workflow), cards whose legal check is old, and sources without a
year or older than the site's limit. A fixed number of queries each."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from courses.currency_rules import months_between, source_problem
from courses.models import LessonPage, ReferralCard, SubstanceCard


@dataclass(frozen=True)
class ChangedFactLesson:
    lesson: LessonPage
    cards: tuple[SubstanceCard, ...]  # whose fact changed after the lesson's review


@dataclass(frozen=True)
class SourceFinding:
    obj: object  # a card or a lesson
    kind: str  # "substancecard", "referralcard", "lesson"
    sources: tuple[tuple[str, str], ...]  # (citation, "no_year" | "too_old")


def lessons_with_changed_facts() -> list[ChangedFactLesson]:
    """Lessons that show (through a card or fact block) a substance card whose
    legal fact changed after the lesson was last published."""
    cards = {
        card.pk: card
        for card in SubstanceCard.objects.filter(legal_fact_changed_at__isnull=False)
    }
    if not cards:
        return []
    card_type = ContentType.objects.get_for_model(SubstanceCard)
    rows = ReferenceIndex.objects.filter(
        to_content_type=card_type,
        to_object_id__in=[str(pk) for pk in cards],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", "to_object_id")
    cards_by_page: dict[int, set[int]] = {}
    for page_id, card_id in rows:
        cards_by_page.setdefault(int(page_id), set()).add(int(card_id))
    found = []
    lessons = LessonPage.objects.filter(pk__in=cards_by_page).order_by("title")
    for lesson in lessons:
        reviewed = lesson.last_published_at
        changed = tuple(
            cards[pk]
            for pk in sorted(cards_by_page[lesson.pk])
            if reviewed is None or cards[pk].legal_fact_changed_at > reviewed
        )
        if changed:
            found.append(ChangedFactLesson(lesson=lesson, cards=changed))
    return found


def cards_with_old_legal_check(
    *, max_age_months: int, today: datetime.date | None = None
) -> list[SubstanceCard]:
    """Source substance cards whose legal status was checked longer ago than
    ``max_age_months``, oldest check first."""
    today = today or timezone.localdate()
    cards = SubstanceCard.objects.filter(
        locale__language_code=_default_language()
    ).order_by("legal_status_checked", "name")
    return [
        card
        for card in cards
        if months_between(card.legal_status_checked, today) > max_age_months
    ]


def sources_to_check(
    *, max_age_years: int, today: datetime.date | None = None
) -> list[SourceFinding]:
    """Cards and lessons citing a source without a year, or one older than
    ``max_age_years``."""
    this_year = (today or timezone.localdate()).year
    findings = []
    language = _default_language()
    for model in (SubstanceCard, ReferralCard):
        for card in model.objects.filter(locale__language_code=language):
            found = _check(
                [block.value for block in card.sources], this_year, max_age_years
            )
            if found:
                findings.append(
                    SourceFinding(card, model._meta.model_name, tuple(found))
                )
    for lesson in LessonPage.objects.filter(locale__language_code=language).order_by(
        "title"
    ):
        items = [
            item
            for block in lesson.body
            if block.block_type == "sources"
            for item in block.value["items"]
        ]
        found = _check(items, this_year, max_age_years)
        if found:
            findings.append(SourceFinding(lesson, "lesson", tuple(found)))
    return findings


def referral_cards_to_check() -> list[ReferralCard]:
    """Source referral cards with a contact detail or intake route that is not yet
    confirmed by the service itself (``needs_check``), by service name."""
    return list(
        ReferralCard.objects.filter(
            needs_check=True, locale__language_code=_default_language()
        ).order_by("service")
    )


def _check(items, this_year: int, max_age_years: int) -> list[tuple[str, str]]:
    found = []
    for item in items:
        problem = source_problem(
            str(item.get("year") or ""),
            this_year=this_year,
            max_age_years=max_age_years,
        )
        if problem:
            citation = ", ".join(
                part for part in (item.get("title"), item.get("publisher")) if part
            )
            found.append((citation, problem))
    return found


def _default_language() -> str:
    from django.conf import settings

    return settings.LANGUAGE_CODE.split("-")[0]
