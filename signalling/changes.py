"""Material changes that a trainer may turn into a signal: courses published
with a change summary (`ContentChange`) and substance cards whose legal fact a
published revision changed, in the last `RECENT_DAYS` days. Each has an origin
key, so a signal is made from it once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from courses.models import ContentChange, OpiumActList, SubstanceCard
from signalling.models import Signal
from signalling.selectors import courses_using_card

RECENT_DAYS = 60


@dataclass(frozen=True)
class Change:
    origin_key: str
    title: str
    summary: str
    course_ids: list[int]
    changed_at: datetime.datetime


def _card_summary(card: SubstanceCard) -> str:
    listed = dict(OpiumActList.choices).get(card.opium_act_list, "")
    text = _("De juridische status van %(name)s is gewijzigd: nu %(status)s") % {
        "name": card.name,
        "status": listed or _("niet vastgesteld"),
    }
    if card.opium_act_since:
        text += _(", vanaf %(date)s") % {
            "date": card.opium_act_since.strftime("%d-%m-%Y")
        }
    if card.legal_reference:
        text += f" ({card.legal_reference})"
    return text + "."


def change_from_content(change: ContentChange) -> Change:
    return Change(
        origin_key=f"content_change:{change.pk}",
        title=_("Gewijzigd in %(course)s") % {"course": change.course.title},
        summary=change.summary,
        course_ids=[change.course_id],
        changed_at=change.created_at,
    )


def change_from_card(card: SubstanceCard) -> Change:
    return Change(
        origin_key=f"card:{card.pk}:{int(card.legal_fact_changed_at.timestamp())}",
        title=_("%(name)s: juridische status gewijzigd") % {"name": card.name},
        summary=_card_summary(card),
        course_ids=[course.pk for course in courses_using_card(card=card)],
        changed_at=card.legal_fact_changed_at,
    )


def recent_changes(*, now: datetime.datetime | None = None) -> list[Change]:
    """Recent material changes without a signal yet, newest first."""
    since = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    changes = [
        change_from_content(change)
        for change in ContentChange.objects.filter(created_at__gte=since)
        .select_related("course")
        .order_by("-created_at")[:50]
    ]
    changes += [
        change_from_card(card)
        for card in SubstanceCard.objects.filter(
            legal_fact_changed_at__gte=since, locale=Locale.get_default()
        )
    ]
    made = set(
        Signal.objects.filter(
            origin_key__in=[change.origin_key for change in changes]
        ).values_list("origin_key", flat=True)
    )
    return sorted(
        (change for change in changes if change.origin_key not in made),
        key=lambda change: change.changed_at,
        reverse=True,
    )


def change_get(origin_key: str) -> Change | None:
    """The change named by `origin_key`, recent or not; None if unknown."""
    kind, _sep, rest = origin_key.partition(":")
    if kind == "content_change" and rest.isdigit():
        change = ContentChange.objects.select_related("course").filter(pk=rest).first()
        return change_from_content(change) if change else None
    if kind == "card":
        pk, _sep, _stamp = rest.partition(":")
        card = SubstanceCard.objects.filter(
            pk=pk if pk.isdigit() else 0, legal_fact_changed_at__isnull=False
        ).first()
        if card is not None:
            change = change_from_card(card)
            return change if change.origin_key == origin_key else None
    return None
