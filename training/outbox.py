"""Email outbox services: queue an email with the change that causes it, send
what is due, requeue what failed.

Guarantees:
- `email_queue` writes the message in the caller's transaction, so it exists
  exactly when the change does; a second call with the same `dedup_key` is a
  no-op. After commit a task sends it (inline with the immediate backend).
- `outbox_drain` sends every due message and is safe to run from several
  processes at once: a message is claimed (rows locked with `SKIP LOCKED` on
  PostgreSQL, a conditional update everywhere) with a lease before it is sent,
  so no two senders hold it; a sender killed mid-send leaves a message that
  comes back when its lease ends (at least once, never lost).
- Each message fails on its own: a refused address is recorded on that message,
  which is retried with exponential back-off (`retry_delay`) and marked failed
  after `EMAIL_OUTBOX_MAX_ATTEMPTS` tries; the others are sent. When the mail
  server itself cannot be reached, the drain stops and gives the rest back.
- After sending, the bodies are emptied and the `EMAIL_SENT_HOOK` functions run
  (apps record "sent" on their own rows there).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail import hooks

from training.erasure import is_erased_email
from training.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

# function(email=OutboundEmail) after an email was sent, in the marking transaction.
EMAIL_SENT_HOOK = "bijblijven_email_sent"
LEASE = datetime.timedelta(minutes=10)  # longer than EMAIL_TIMEOUT for one message
RETRY_BASE = datetime.timedelta(minutes=1)
RETRY_MAX = datetime.timedelta(hours=6)
BATCH = 50
# Errors of one message; any other OSError means the server is unreachable.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


def max_attempts() -> int:
    return int(getattr(settings, "EMAIL_OUTBOX_MAX_ATTEMPTS", 8))


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait after the `attempts`-th failed try: 1, 2, 4, 8 ... minutes, at most
    6 hours (8 tries span about 4 hours)."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


def email_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    kind: str,
    dedup_key: str,
    body_html: str = "",
) -> OutboundEmail:
    """Queue one email in the current transaction; a task sends it after commit.
    Returns the existing message, queueing nothing, when `dedup_key` was used.
    A message to an erased account is stored as failed, without its text."""
    erased = is_erased_email(to)
    email, created = OutboundEmail.objects.get_or_create(
        dedup_key=dedup_key,
        defaults={
            "to": to,
            "subject": "" if erased else " ".join(subject.split())[:300],
            "body_text": "" if erased else body_text,
            "body_html": "" if erased else body_html,
            "kind": kind,
            "next_attempt_at": timezone.now(),
            **(
                {"status": EmailStatus.FAILED, "last_error": "account gewist"}
                if erased
                else {}
            ),
        },
    )
    if created and not erased:
        email_id = email.pk
        transaction.on_commit(lambda: _enqueue(email_id), robust=True)
    return email


def _enqueue(email_id: int) -> None:
    from training.tasks import outbox_send_task

    outbox_send_task.enqueue(email_id=email_id)


@transaction.atomic
def email_requeue(*, email_ids: Iterable[int]) -> int:
    """Give failed (or waiting) messages a fresh set of tries, now. Sent messages
    are left alone. Returns how many were requeued."""
    ids = list(
        OutboundEmail.objects.select_for_update()
        .filter(pk__in=list(email_ids))
        .exclude(status=EmailStatus.SENT)
        .values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=ids).update(
        status=EmailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for email_id in ids:
        transaction.on_commit(lambda email_id=email_id: _enqueue(email_id), robust=True)
    return len(ids)


@dataclass
class DrainResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    server_down: bool = False


def _claim(*, ids: list[int] | None, limit: int) -> list[OutboundEmail]:
    now = timezone.now()
    with transaction.atomic():
        due = OutboundEmail.objects.select_for_update(skip_locked=True).filter(
            status=EmailStatus.PENDING, next_attempt_at__lte=now
        )
        if ids is not None:
            due = due.filter(pk__in=ids)
        claimed = []
        for email in due.order_by("next_attempt_at", "pk")[:limit]:
            # SQLite has no row locks: a second drain may have read the same row
            # before this one wrote, so the update checks nothing changed.
            won = OutboundEmail.objects.filter(
                pk=email.pk,
                status=EmailStatus.PENDING,
                next_attempt_at=email.next_attempt_at,
            ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
            if won:
                email.attempts += 1
                claimed.append(email)
    return claimed


def _message(email: OutboundEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email.subject, email.body_text, None, [email.to], connection=connection
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


@transaction.atomic
def _mark_sent(email: OutboundEmail) -> None:
    email.sent_at = timezone.now()
    done = OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.PENDING).update(
        status=EmailStatus.SENT,
        sent_at=email.sent_at,
        body_text="",
        body_html="",
        last_error="",
    )
    if done:
        email.status = EmailStatus.SENT
        for hook in hooks.get_hooks(EMAIL_SENT_HOOK):
            hook(email=email)


def _mark_error(email: OutboundEmail, error: Exception) -> bool:
    """Record a failed try; True when this was the last one."""
    last = email.attempts >= max_attempts()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED if last else EmailStatus.PENDING,
        next_attempt_at=timezone.now() + retry_delay(email.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning(
        "email %s (%s) to %s not sent, try %s: %s",
        email.pk,
        email.kind,
        email.to,
        email.attempts,
        error,
    )
    return last


def _give_back(emails: list[OutboundEmail]) -> None:
    """Undo the claim of messages that were not tried (the server was down)."""
    OutboundEmail.objects.filter(
        pk__in=[e.pk for e in emails], status=EmailStatus.PENDING
    ).update(
        attempts=F("attempts") - 1,
        next_attempt_at=timezone.now() + RETRY_BASE,
    )


def outbox_drain(*, ids: list[int] | None = None, limit: int = 1000) -> DrainResult:
    """Send up to `limit` due messages (only those in `ids` when given)."""
    result = DrainResult()
    while limit > 0 and not result.server_down:
        batch = _claim(ids=ids, limit=min(BATCH, limit))
        if not batch:
            break
        limit -= len(batch)
        connection = get_connection()
        try:
            for index, email in enumerate(batch):
                try:
                    _message(email, connection).send()
                except Exception as error:  # noqa: BLE001 - one message's failure stays with it
                    if _mark_error(email, error):
                        result.failed += 1
                    else:
                        result.retrying += 1
                    if isinstance(error, OSError) and not isinstance(
                        error, MESSAGE_ERRORS
                    ):
                        result.server_down = True
                        _give_back(batch[index + 1 :])
                        break
                else:
                    _mark_sent(email)
                    result.sent += 1
        finally:
            connection.close()
    return result


def outbox_prune(*, keep_days: int) -> int:
    """Delete sent messages older than `keep_days`; failed ones stay visible."""
    cutoff = timezone.now() - datetime.timedelta(days=keep_days)
    deleted, _detail = OutboundEmail.objects.filter(
        status=EmailStatus.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
