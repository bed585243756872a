"""The monthly report by email: managers opt in per organisation, and from the
first working day of each month a scheduled run (`send_monthly_reports`) sends
each of them that month's report as a PDF.

Guarantees:
- At most once per organisation, manager and month: a run first claims the
  `MonthlyReportDelivery` row (created under its unique constraint, or taken
  over with a conditional update), in a transaction, before rendering and
  sending; a second run, or two at once, finds it claimed or sent and skips it.
  A run killed between sending and recording leaves a claim that lapses after
  `LEASE`, so that one email may go twice (at least once, never lost).
- A failure (rendering or sending) is recorded on that row as `FAILED` with the
  error, logged at ERROR, and counted in the run's outcome (the command then
  exits non-zero, so the timer's unit shows failed); the next run tries it
  again, the other managers are not held up. Failed rows are listed in the
  Wagtail admin under Organisaties → Maandrapporten per e-mail.
- Who gets it: current managers and administrators who opted in on or before
  the month's first working day (a later opt-in starts next month), with an
  active account. The PDF is in the manager's language.

The PDF goes as an attachment, so it is sent here rather than through the
outbox (which keeps text only); the row above is its own outbox.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organisations.models import (
    DeliveryStatus,
    Membership,
    MonthlyReportDelivery,
)
from organisations.models.organisations import MANAGING_ROLES
from organisations.report_pdf import report_filename, report_pdf, report_title
from organisations.selectors.report import monthly_report_get
from organisations.workdays import first_working_day
from training.erasure import is_erased_email
from training.site_url import site_base_url

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=30)  # longer than rendering and sending one
LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass
class MonthlyRun:
    month: datetime.date | None = None  # None: not due yet this month
    sent: list[str] = field(default_factory=list)  # "organisation → address"
    failed: list[str] = field(default_factory=list)
    skipped: int = 0  # already sent, or claimed by another run


@transaction.atomic
def monthly_report_subscribe(*, membership: Membership, subscribed: bool) -> None:
    """Opt a manager in (from now) or out of the monthly report by email."""
    if subscribed and membership.monthly_report_since is None:
        membership.monthly_report_since = timezone.now()
    elif not subscribed:
        membership.monthly_report_since = None
    membership.save(update_fields=["monthly_report_since"])


def _claim(
    *, organisation_id: int, user_id: int, month: datetime.date
) -> MonthlyReportDelivery | None:
    """The delivery, claimed by this run; None when it is sent or another run
    holds it."""
    now = timezone.now()
    with transaction.atomic():
        delivery, created = MonthlyReportDelivery.objects.get_or_create(
            organisation_id=organisation_id,
            user_id=user_id,
            month=month,
            defaults={
                "status": DeliveryStatus.SENDING,
                "claimed_until": now + LEASE,
                "attempts": 1,
            },
        )
        if created:
            return delivery
        if delivery.status == DeliveryStatus.SENT:
            return None
        if delivery.status == DeliveryStatus.SENDING and (
            delivery.claimed_until is not None and delivery.claimed_until > now
        ):
            return None
        # failed, or a lapsed claim: take it over unless another run just did
        won = MonthlyReportDelivery.objects.filter(
            pk=delivery.pk,
            status=delivery.status,
            attempts=delivery.attempts,
        ).update(
            status=DeliveryStatus.SENDING,
            claimed_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
    if not won:
        return None
    delivery.refresh_from_db()
    return delivery


def _language(user) -> str:
    language = user.preferred_language
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def _send(*, delivery: MonthlyReportDelivery, report, pdf: bytes, language: str):
    user = delivery.user
    with translation.override(language):
        context = {
            "user": user,
            "organisation": delivery.organisation,
            "site_url": site_base_url(),
            "title": report_title(report=report),
        }
        subject = render_to_string(
            "organisations/email/monthly_report_subject.txt", context
        )
        body = render_to_string("organisations/email/monthly_report.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
    message.attach(report_filename(report=report), pdf, "application/pdf")
    message.send()


def _recipients(*, today: datetime.date, first: datetime.date):
    opted_in_by = timezone.make_aware(
        datetime.datetime.combine(first + datetime.timedelta(days=1), datetime.time())
    )
    return (
        Membership.objects.active(today)
        .filter(
            role__in=MANAGING_ROLES,
            monthly_report_since__lt=opted_in_by,
            user__is_active=True,
        )
        .select_related("organisation", "user")
        .order_by("organisation_id", "pk")
    )


def monthly_reports_send(*, today: datetime.date | None = None) -> MonthlyRun:
    """Send this month's report to every opted-in manager who has not had it
    yet, from the month's first working day on. Safe to run daily, repeatedly
    and from several machines at once."""
    today = today or timezone.localdate()
    first = first_working_day(today)
    run = MonthlyRun()
    if today < first:
        return run
    run.month = month = today.replace(day=1)
    done = set(
        MonthlyReportDelivery.objects.filter(
            month=month, status=DeliveryStatus.SENT
        ).values_list("organisation_id", "user_id")
    )
    rendered: dict[tuple[int, str], tuple] = {}  # one PDF per organisation, language
    for membership in _recipients(today=today, first=first):
        user, organisation = membership.user, membership.organisation
        if (organisation.pk, user.pk) in done or is_erased_email(user.email):
            run.skipped += 1
            continue
        delivery = _claim(organisation_id=organisation.pk, user_id=user.pk, month=month)
        if delivery is None:
            run.skipped += 1
            continue
        label = f"{organisation.name} → {user.email}"
        language = _language(user)
        try:
            key = (organisation.pk, language)
            if key not in rendered:
                report = monthly_report_get(organisation=organisation, today=today)
                rendered[key] = (report, report_pdf(report=report, language=language))
            report, pdf = rendered[key]
            _send(delivery=delivery, report=report, pdf=pdf, language=language)
        except Exception as error:
            logger.exception(
                "monthly report %s for %s not sent (try %s)",
                month.strftime("%Y-%m"),
                label,
                delivery.attempts,
            )
            MonthlyReportDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED,
                claimed_until=None,
                last_error=f"{type(error).__name__}: {error}"[:2000],
            )
            run.failed.append(label)
            continue
        MonthlyReportDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT,
            claimed_until=None,
            sent_at=timezone.now(),
            last_error="",
        )
        run.sent.append(label)
    return run
