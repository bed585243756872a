"""Reads for signals: who a signal targets, what a person has to read, and which
courses use a card (to pre-fill a signal from a card's change)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from wagtail.models import Locale, Page, ReferenceIndex

from certificates.models import Certificate
from courses.models import CoursePage, Enrolment, SubstanceCard
from signalling.models import Signal, SignalAcknowledgement, SignalRecipient
from signalling.rules import AckStatus, ack_status
from training.models import User


def signal_audience_ids(*, signal: Signal, today: datetime.date) -> set[int]:
    """Active people the signal targets today: holders of a valid certificate of
    its courses and people enrolled in them, narrowed to its professions; with
    professions only, everyone with one of them. Nobody without a target."""
    course_ids = list(signal.courses.values_list("pk", flat=True))
    if not course_ids and not signal.professions:
        return set()
    people = User.objects.filter(is_active=True)
    if course_ids:
        holders = Certificate.objects.filter(
            course_id__in=course_ids,
            revoked_at__isnull=True,
            replaced_by__isnull=True,
            valid_until__gte=today,
        ).values("user_id")
        enrolled = Enrolment.objects.filter(course_id__in=course_ids).values("user_id")
        people = people.filter(Q(pk__in=holders) | Q(pk__in=enrolled))
    if signal.professions:
        people = people.filter(profession__in=signal.professions)
    return set(people.values_list("pk", flat=True))


@dataclass(frozen=True)
class SignalItem:
    signal: Signal
    acknowledgement: SignalAcknowledgement | None
    status: AckStatus


def signals_for_user(
    *, user: User, today: datetime.date, include_read: bool = False
) -> list[SignalItem]:
    """The live signals that reached `user`, to read first: overdue, then by
    deadline. Read ones only with `include_read`. Two queries."""
    received = Signal.objects.filter(live=True, recipients__user=user).order_by(
        "acknowledge_by", "pk"
    )
    read = {
        ack.signal_id: ack
        for ack in SignalAcknowledgement.objects.filter(user=user, signal__in=received)
    }
    items = []
    for signal in received:
        ack = read.get(signal.pk)
        if ack is not None and not include_read:
            continue
        status = ack_status(
            acknowledged_at=ack.acknowledged_at if ack else None,
            acknowledge_by=signal.acknowledge_by,
            today=today,
        )
        items.append(SignalItem(signal=signal, acknowledgement=ack, status=status))
    return items


def signal_for_recipient_get(*, signal_id: int, user: User) -> Signal:
    """A live signal that reached `user`; `Http404` for anyone else."""
    if not user.is_authenticated:
        raise Http404
    signal = Signal.objects.filter(
        pk=signal_id,
        live=True,
        pk__in=SignalRecipient.objects.filter(user=user).values("signal_id"),
    ).first()
    if signal is None:
        raise Http404
    return signal


def acknowledgement_get(*, signal: Signal, user: User) -> SignalAcknowledgement | None:
    return SignalAcknowledgement.objects.filter(signal=signal, user=user).first()


def courses_using_card(*, card: SubstanceCard) -> list[CoursePage]:
    """The Dutch source courses with a page that shows the card (Wagtail's
    reference index), by title."""
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(SubstanceCard),
        to_object_id=str(card.pk),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    paths = list(
        Page.objects.filter(pk__in=[int(pk) for pk in page_ids]).values_list(
            "path", flat=True
        )
    )
    courses = CoursePage.objects.filter(locale=Locale.get_default()).order_by("title")
    return [
        course for course in courses if any(p.startswith(course.path) for p in paths)
    ]
