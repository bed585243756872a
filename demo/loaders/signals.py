"""The demo signal: the correction of 3-MMC's legal status (moved from List II
to List I of the Opium Act by the Besluit of 10 April 2024, Stb. 2024, 90),
for everyone who holds or follows course 1. Delivered at once, so the demo
learner sees it on "Mijn leeromgeving" and the GP practice's manager sees who
read it; one member of the practice has already confirmed it.
Idempotent: the signal is made once (its origin key) and nobody is reached or
emailed twice."""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale

from courses.models import CoursePage, SubstanceCard
from signalling.models import Signal
from signalling.services import signal_acknowledge, signal_deliver
from training.models import User

ORIGIN = "demo:3-mmc-lijst-i"
COURSE = "3-mmc-en-nps"
CARD = "3-mmc"
ALREADY_READ = "h.bakker@delinde.example"
STAATSBLAD = "https://zoek.officielebekendmakingen.nl/stb-2024-90.html"
TITLE = "Correctie: 3-MMC staat op lijst I van de Opiumwet"
TEXT = (
    "<p>In eerdere versies van deze cursus stond dat 3-MMC op lijst II van de "
    "Opiumwet staat. Dat klopt niet meer. Bij het Besluit van 10 april 2024 "
    "(Stb. 2024, 90) is 3-MMC van lijst II naar lijst I verplaatst, de lijst "
    "van de zogenoemde harddrugs.</p>"
    "<p>Wat betekent dit voor je werk?</p>"
    "<ul><li>Voor bezit en handel gelden nu de straffen van lijst I "
    "(Opiumwet, artikel 10), niet meer die van artikel 11.</li>"
    "<li>Geef in voorlichting en gesprekken de juiste lijst door. Noem de "
    "lijst niet uit je hoofd: de stofkaart hieronder houdt de redactie "
    "actueel.</li>"
    "<li>Aan de risico's van gebruik verandert de wet niets. Blijf vragen "
    "naar gebruik zonder te oordelen en verwijs door waar het nodig is.</li></ul>"
)


def signals_load(*, today: datetime.date | None = None) -> str:
    """Make, publish and deliver the demo signal; returns a line for the log."""
    today = today or timezone.localdate()
    default = Locale.get_default()
    course = CoursePage.objects.filter(slug=COURSE, locale=default).first()
    card = SubstanceCard.objects.filter(slug=CARD, locale=default).first()
    if course is None:
        return "Demo signal skipped: course 1 is missing."
    signal = Signal.objects.filter(origin_key=ORIGIN).first()
    if signal is None:
        body = [("text", TEXT)]
        if card is not None:
            body.append(
                (
                    "fact",
                    {
                        "card": card,
                        "fact": "legal_status",
                        "lead": "Juridische status van 3-MMC nu:",
                    },
                )
            )
        signal = Signal(
            title=TITLE,
            body=body,
            sources=[
                (
                    "source",
                    {
                        "title": "Besluit van 10 april 2024 (Stb. 2024, 90)",
                        "publisher": "Staatsblad",
                        "url": STAATSBLAD,
                        "year": "2024",
                    },
                )
            ],
            acknowledge_by=today + datetime.timedelta(days=21),
            origin_key=ORIGIN,
            live=False,
        )
        signal.save()
        signal.courses.set([course.pk])
        signal.save()
        signal.save_revision().publish()
        signal.refresh_from_db()
    reached = signal_deliver(signal_id=signal.pk, today=today)
    reader = User.objects.filter(email=ALREADY_READ).first()
    if reader is not None and signal.recipients.filter(user=reader).exists():
        signal_acknowledge(signal=signal, user=reader)
    return (
        f"Signal '{signal.title}': {signal.recipients.count()} people reached "
        f"({reached} now)."
    )
