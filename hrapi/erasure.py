"""Erasing a person's employee numbers (through `training.erasure.ERASURE_HOOK`):
the links are deleted, so the organisation's HR system no longer finds the
anonymous membership under the number, and writing the number again invites
the address anew, as for a new employee."""

from __future__ import annotations

from django.db.models import Q

from hrapi.models import EmployeeLink
from training.erasure import Erasure


def erase(*, erasure: Erasure) -> None:
    address = Q(membership__user=erasure.user)
    for email in erasure.emails:
        address |= Q(email__iexact=email)
    EmployeeLink.objects.filter(address).delete()
