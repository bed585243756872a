"""Signals for tests: made and published the way the admin does (a revision,
then publish), so the publish receiver delivers them after commit."""

import datetime

from django.utils import timezone

from signalling.models import Signal

TEXT = (
    "<p>3-MMC staat sinds 1 juni 2024 op lijst I van de Opiumwet. Pas je "
    "voorlichting aan.</p>"
)


def signal_create(
    *,
    courses=(),
    professions=(),
    title: str = "3-MMC staat op lijst I",
    text: str = TEXT,
    acknowledge_by: datetime.date | None = None,
    publish: bool = True,
    user=None,
) -> Signal:
    signal = Signal(
        title=title,
        body=[("text", text)],
        professions=list(professions),
        acknowledge_by=acknowledge_by
        or timezone.localdate() + datetime.timedelta(days=14),
        live=False,
    )
    signal.save()
    signal.courses.set([course.pk for course in courses])
    signal.save()
    revision = signal.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        signal.refresh_from_db()
    return signal
