"""Managers remind people by email about required training: selected people or
everyone overdue. At most one reminder a day per person and organisation: the
`ReminderLog` row (unique per organisation, person and date) is claimed in the
transaction that queues the email in the outbox, so a double click or two
managers at once send one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.formats import date_format

from organisations.compliance import NEEDS_ACTION, OVERDUE, CellStatus
from organisations.labels import LABELS
from organisations.models import Organisation, ReminderLog
from organisations.selectors.dashboard import Filters, people_chunks
from organisations.selectors.matrix import columns_for
from training.models import User


@dataclass
class ReminderOutcome:
    sent: list[str] = field(default_factory=list)  # names
    already_today: list[str] = field(default_factory=list)
    nothing_due: list[str] = field(default_factory=list)


def reminders_send(
    *,
    organisation: Organisation,
    actor: User,
    membership_ids: list[int] | None = None,
    today: datetime.date | None = None,
) -> ReminderOutcome:
    """Remind the selected members (`membership_ids`) about what needs action, or
    with None everyone with overdue or expired training about that. Emails are
    queued in the outbox and go out after commit."""
    today = today or timezone.localdate()
    columns = columns_for(organisation=organisation)
    outcome = ReminderOutcome()
    statuses = OVERDUE if membership_ids is None else NEEDS_ACTION
    wanted = None if membership_ids is None else set(membership_ids)
    for chunk in people_chunks(
        organisation=organisation, filters=Filters(), today=today, columns=columns
    ):
        for person in chunk:
            if wanted is not None and person.membership_id not in wanted:
                continue
            items = [
                [column.title, cell.status.value, cell.date.isoformat()]
                for column, cell in zip(columns, person.cells, strict=True)
                if cell is not None and cell.status in statuses
            ]
            if not items:
                if wanted is not None:
                    outcome.nothing_due.append(person.full_name)
                continue
            if _claim_and_queue(
                organisation=organisation,
                user_id=person.user_id,
                actor=actor,
                today=today,
                items=items,
            ):
                outcome.sent.append(person.full_name)
            else:
                outcome.already_today.append(person.full_name)
    return outcome


def _claim_and_queue(
    *,
    organisation: Organisation,
    user_id: int,
    actor: User,
    today: datetime.date,
    items: list[list[str]],
) -> bool:
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                organisation=organisation,
                user_id=user_id,
                sent_on=today,
                sent_at=timezone.now(),
                sent_by=actor,
                courses="\n".join(item[0] for item in items),
            )
            reminder_email_send(reminder_id=log.pk, items=items)
    except IntegrityError:
        return False
    return True


def reminder_email_send(*, reminder_id: int, items: list[list[str]]) -> bool:
    """Queue the email of reminder `reminder_id` in the outbox (once)."""
    from organisations.emails import email_send

    log = (
        ReminderLog.objects.select_related("user", "organisation")
        .filter(pk=reminder_id)
        .first()
    )
    if log is None:
        return False
    user = log.user
    with translation.override(user.preferred_language or "nl"):
        lines = [
            {
                "title": title,
                "status": str(LABELS[CellStatus(status)]),
                "date": date_format(parse_date(day), "j F Y"),
            }
            for title, status, day in items
        ]
    email_send(
        name="reminder",
        to=user.email,
        language=user.preferred_language,
        context={"user": user, "organisation": log.organisation, "items": lines},
        key=f"reminder:{log.pk}",
    )
    return True
