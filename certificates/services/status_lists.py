"""The published revocation lists: a signed BitstringStatusListCredential per
list, made from the revoked certificates whose bits it holds.

Signing costs some milliseconds, so a list is cached under a key that changes
with every revocation in its range (count and latest time); a revocation is
visible to the next verifier that asks.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from certificates import openbadges, status_list
from certificates.credentials import status_list_url
from certificates.models import Certificate
from certificates.services.keys import (
    issuer_id,
    key_id,
    signing_key_active,
    signing_key_secret,
)

CACHE_SECONDS = 3600


def _revoked(number: int):
    first, last = status_list.ids_of_list(number)
    return Certificate.objects.filter(
        pk__gte=first, pk__lte=last, revoked_at__isnull=False
    )


def status_list_credential(*, number: int) -> dict[str, Any] | None:
    """The signed list `number`, or None when no certificate has a bit in it."""
    first, _last = status_list.ids_of_list(number)
    if number < 1 or not Certificate.objects.filter(pk__gte=first).exists():
        return None
    version = _revoked(number).aggregate(count=Count("pk"), latest=Max("revoked_at"))
    latest = version["latest"].timestamp() if version["latest"] else 0
    key = f"status-list:{number}:{version['count']}:{latest}"
    document = cache.get(key)
    if document is None:
        document = _signed(number)
        cache.set(key, document, CACHE_SECONDS)
    return document


def _signed(number: int) -> dict[str, Any]:
    url = status_list_url(number)
    indexes = [
        status_list.position(pk)[1]
        for pk in _revoked(number).values_list("pk", flat=True)
    ]
    now = timezone.now()
    document = {
        "@context": [openbadges.VC_V2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": openbadges.xsd_datetime(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.PURPOSE,
            "encodedList": status_list.encoded_list(indexes),
        },
    }
    key = signing_key_active()
    return openbadges.sign(
        credential=document,
        secret_multibase=signing_key_secret(key),
        verification_method=key_id(key.number),
        created=now,
    )
