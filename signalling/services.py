"""State changes of signals.

- `signal_deliver` reaches everyone a live signal targets who was not reached
  yet: a `SignalRecipient` row and one email through the outbox each, written
  together per chunk. Safe to run again and from two processes at once: the
  recipient row is unique and the email's dedup key is the signal and the
  person, so a rerun sends nothing twice. After the deadline nobody new is
  reached.
- `signal_acknowledge` records "gelezen en begrepen" once, with the live
  revision; a second submit returns the first record.
- `signal_draft_from_change` makes a draft signal pre-filled from a material
  change of a course or a card's legal fact; a second call opens the first.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from signalling.models import Signal, SignalAcknowledgement, SignalRecipient
from signalling.selectors import signal_audience_ids
from training.learner_cache import learner_changed
from training.models import User
from training.outbox import email_queue
from training.site_url import site_base_url

EMAIL_KIND = "signal"
EMAIL_LANGUAGES = ("nl", "en")
CHUNK = 200
DRAFT_DAYS = 14  # a pre-filled draft's deadline, for the trainer to adjust


def signal_email_key(*, signal_id: int, user_id: int) -> str:
    return f"{EMAIL_KIND}:{signal_id}:{user_id}"


def _signal_email_queue(*, signal: Signal, user: User) -> None:
    language = (
        user.preferred_language if user.preferred_language in EMAIL_LANGUAGES else "nl"
    )
    context = {
        "signal": signal,
        "person": user,
        "url": site_base_url() + reverse("signalling:detail", args=[signal.pk]),
        "site_url": site_base_url(),
    }
    with translation.override(language):
        subject = render_to_string(
            f"signalling/email/{language}/signal_subject.txt", context
        )
        body = render_to_string(f"signalling/email/{language}/signal.txt", context)
    email_queue(
        to=user.email,
        subject=subject,
        body_text=body,
        kind=EMAIL_KIND,
        dedup_key=signal_email_key(signal_id=signal.pk, user_id=user.pk),
    )


def signal_deliver(*, signal_id: int, today: datetime.date | None = None) -> int:
    """Reach the people the live signal targets who were not reached yet;
    returns how many were reached now (0 for a draft, an unpublished signal or
    one past its deadline)."""
    today = today or timezone.localdate()
    signal = Signal.objects.filter(pk=signal_id, live=True).first()
    if signal is None or signal.acknowledge_by < today:
        return 0
    audience = signal_audience_ids(signal=signal, today=today)
    reached = set(
        SignalRecipient.objects.filter(signal=signal).values_list("user_id", flat=True)
    )
    new = sorted(audience - reached)
    count = 0
    for start in range(0, len(new), CHUNK):
        with transaction.atomic():
            users = list(User.objects.filter(pk__in=new[start : start + CHUNK]))
            SignalRecipient.objects.bulk_create(
                [SignalRecipient(signal=signal, user=user) for user in users],
                ignore_conflicts=True,
            )
            for user in users:
                _signal_email_queue(signal=signal, user=user)
            # bulk_create sends no post_save (training.learner_cache)
            learner_changed(*[user.pk for user in users])
        count += len(users)
    return count


def signals_deliver_open(*, today: datetime.date | None = None) -> int:
    """Deliver every live signal whose deadline has not passed (a timer's safety
    net, and it reaches people who became targeted since publishing)."""
    today = today or timezone.localdate()
    return sum(
        signal_deliver(signal_id=pk, today=today)
        for pk in Signal.objects.filter(
            live=True, acknowledge_by__gte=today
        ).values_list("pk", flat=True)
    )


def signal_acknowledge(*, signal: Signal, user: User) -> SignalAcknowledgement:
    """Record that `user` read and understood the live revision of `signal`.
    Only for a recipient (the view checks it). Idempotent."""
    existing = SignalAcknowledgement.objects.filter(signal=signal, user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SignalAcknowledgement.objects.create(
                signal=signal,
                user=user,
                revision_id=signal.live_revision_id,
                acknowledged_at=timezone.now(),
            )
    except IntegrityError:  # a second tab won the race
        return SignalAcknowledgement.objects.get(signal=signal, user=user)


@transaction.atomic
def signal_draft_from_change(
    *,
    origin_key: str,
    title: str,
    summary: str,
    course_ids: list[int],
    user: User | None,
    today: datetime.date | None = None,
) -> tuple[Signal, bool]:
    """A draft signal (not published, nobody reached) with `summary` as its text
    and `course_ids` as targets; returns (signal, created). The signal already
    made from `origin_key` is returned as it is."""
    existing = Signal.objects.filter(origin_key=origin_key).first()
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()
    signal = Signal(
        title=title[:200],
        body=[("text", f"<p>{escape(summary)}</p>")],
        acknowledge_by=today + datetime.timedelta(days=DRAFT_DAYS),
        origin_key=origin_key,
        live=False,
    )
    signal.save()
    signal.courses.set(course_ids)
    signal.save()
    signal.save_revision(user=user)
    return signal, True
