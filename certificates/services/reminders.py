"""Expiry reminders: 60, 30 and 7 days before expiry and on the expiry date
(`CERTIFICATE_REMINDER_DAYS`), each sent once per certificate, to the learner and to
whoever the `bijblijven_expiry_reminder_recipients` hook adds (organisations add
the learner's managers there).

Safe to run every hour and from two machines at once: a reminder is claimed by
inserting its `ReminderLog` row (unique per certificate and offset) in the same
transaction that queues its emails in the outbox (`training.outbox`). Sending
happens after commit, each email on its own: an address the mail server refuses
is retried and then shown to administrators, and never holds up the others.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from wagtail import hooks

from certificates.credentials import verification_url
from certificates.models import Certificate, ReminderLog
from certificates.services.emails import email_send
from certificates.validity import DEFAULT_REMINDER_OFFSETS, reminder_due

# function(certificate=) -> iterable of users (with .email, .preferred_language)
RECIPIENTS_HOOK = "bijblijven_expiry_reminder_recipients"
# A first run after a long pause does not mail about certificates long expired.
LATE_LIMIT_DAYS = 14


def reminder_offsets() -> tuple[int, ...]:
    offsets = getattr(settings, "CERTIFICATE_REMINDER_DAYS", DEFAULT_REMINDER_OFFSETS)
    return tuple(sorted({int(days) for days in offsets}, reverse=True))


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    skipped: int


def _extra_recipients(certificate: Certificate) -> list:
    recipients = []
    for hook in hooks.get_hooks(RECIPIENTS_HOOK):
        recipients.extend(hook(certificate=certificate) or [])
    return [r for r in recipients if getattr(r, "email", "")]


def _send(*, certificate: Certificate, offset: int, today: datetime.date) -> bool:
    user = certificate.user
    managers = [
        m
        for m in _extra_recipients(certificate)
        if m.email.lower() != user.email.lower()
    ]
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                certificate=certificate,
                offset=offset,
                sent_at=timezone.now(),
                recipients="\n".join([user.email, *(m.email for m in managers)]),
            )
            context = {
                "certificate": certificate,
                "holder": user,
                "offset": offset,
                "days_left": (certificate.valid_until - today).days,
                "verify_url": verification_url(certificate),
            }
            email_send(
                name="expiry_reminder",
                to=user.email,
                language=user.preferred_language,
                context=context,
                key=f"expiry_reminder:{certificate.pk}:{offset}",
            )
            for manager in managers:
                email_send(
                    name="expiry_reminder_manager",
                    to=manager.email,
                    language=getattr(manager, "preferred_language", None),
                    context={**context, "manager": manager},
                    key=(
                        f"expiry_reminder_manager:{certificate.pk}:{offset}:"
                        f"{manager.email.lower()}"
                    ),
                )
    except IntegrityError:
        return False  # sent by a concurrent run
    return True


def expiry_reminders_send(*, today: datetime.date | None = None) -> ReminderResult:
    """Send every reminder that is due today and not sent before."""
    today = today or timezone.localdate()
    offsets = reminder_offsets()
    candidates = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            replaced_by__isnull=True,
            valid_until__lte=today + datetime.timedelta(days=max(offsets)),
            valid_until__gte=today - datetime.timedelta(days=LATE_LIMIT_DAYS),
        )
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "reminders",
                queryset=ReminderLog.objects.only("certificate_id", "offset"),
            )
        )
        .order_by("valid_until", "pk")
    )
    sent = skipped = 0
    for certificate in candidates:
        due = reminder_due(
            today=today,
            valid_until=certificate.valid_until,
            offsets=offsets,
            already_sent={r.offset for r in certificate.reminders.all()},
        )
        if due is None:
            continue
        if _send(certificate=certificate, offset=due, today=today):
            sent += 1
        else:
            skipped += 1
    return ReminderResult(sent=sent, skipped=skipped)
