"""Erasing a person's signal records (through `training.erasure.ERASURE_HOOK`):
which signals reached them and when they confirmed reading them only serve the
person and, while they were a member, their organisation; the memberships end
with the erasure, so both are deleted. Signals themselves are not personal."""

from __future__ import annotations

from signalling.models import SignalAcknowledgement, SignalRecipient
from training.erasure import Erasure


def erase(*, erasure: Erasure) -> None:
    SignalAcknowledgement.objects.filter(user=erasure.user).delete()
    SignalRecipient.objects.filter(user=erasure.user).delete()
