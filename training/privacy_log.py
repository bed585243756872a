"""Writing and reading the privacy log (`training.models.PrivacyLogEntry`): who
viewed or exported whose personal data. Views that show one person's data to
someone else call `privacy_log_add`; exports of many people call
`privacy_log_many` with the ids of the people in them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import islice

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from training.models import PrivacyLogEntry, User

BATCH = 1000


def privacy_log_add(
    *, actor: User, subject: User, action: str, source: str, context: str = ""
) -> PrivacyLogEntry:
    return PrivacyLogEntry.objects.create(
        actor=actor,
        subject=subject,
        action=action,
        source=source,
        context=context[:300],
    )


def privacy_log_many(
    *,
    actor: User | None,
    subject_ids: Iterable[int],
    action: str,
    source: str,
    context: str = "",
) -> int:
    """One entry per person, written in batches of `BATCH`; returns how many."""
    ids = iter(subject_ids)
    written = 0
    while batch := list(islice(ids, BATCH)):
        PrivacyLogEntry.objects.bulk_create(
            PrivacyLogEntry(
                actor=actor,
                subject_id=subject_id,
                action=action,
                source=source,
                context=context[:300],
            )
            for subject_id in batch
        )
        written += len(batch)
    return written


def privacy_log_for_person(*, user: User) -> QuerySet[PrivacyLogEntry]:
    """What others did with `user`'s data, newest first (their own downloads
    and their erasure are theirs to know, not shown)."""
    return (
        PrivacyLogEntry.objects.filter(subject=user)
        .exclude(actor=user)
        .select_related("actor")
    )


def retention_days() -> int:
    return int(getattr(settings, "PRIVACY_LOG_RETENTION_DAYS", 365))


def privacy_log_prune(*, now: datetime.datetime | None = None) -> int:
    """Remove views and exports older than the retention; returns how many."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=retention_days())
    return PrivacyLogEntry.objects.prune(before=before)


def privacy_log_stream(
    items: Iterable,
    *,
    subject_id_of,
    actor: User,
    action: str,
    source: str,
    context: str = "",
):
    """Yield `items` (a streamed export) and log each person in them once, in
    batches while the stream runs, the rest when it ends."""
    seen: set[int] = set()
    pending: list[int] = []
    for item in items:
        subject_id = subject_id_of(item)
        if subject_id not in seen:
            seen.add(subject_id)
            pending.append(subject_id)
            if len(pending) >= BATCH:
                privacy_log_many(
                    actor=actor,
                    subject_ids=pending,
                    action=action,
                    source=source,
                    context=context,
                )
                pending = []
        yield item
    privacy_log_many(
        actor=actor, subject_ids=pending, action=action, source=source, context=context
    )


def actor_label(entry: PrivacyLogEntry) -> str:
    """Who, as the person reads it: a name, or why there is none."""
    from django.utils.translation import gettext as _

    actor = entry.actor
    if actor is None:
        return _("verwijderd account")
    if actor.erased_at is not None:
        return _("gewist account")
    return actor.full_name or actor.email


def privacy_log_data(*, user) -> dict:
    """The person's data download: who else viewed or exported their data."""
    from training.personal_data import iso

    return {
        "inzage_door_anderen": [
            {
                "tijdstip": iso(entry.created_at),
                "door": actor_label(entry),
                "handeling": entry.get_action_display(),
                "waar": entry.get_source_display(),
                "context": entry.context,
            }
            for entry in privacy_log_for_person(user=user)
        ]
    }
