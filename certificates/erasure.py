"""Erasing a person's certificates (through `training.erasure.ERASURE_HOOK`).

A certificate's code may be printed on paper an employer or register keeps, so
the row stays and the verification page keeps answering with the status, course
and dates; the name goes (`holder_name` empty is how the page knows), and so do
the PDF and the signed credential, which both carry the name. The person may
choose to revoke the certificates instead: then the page says "ingetrokken".
This is the one change to issued fields (`Certificate.save` refuses them), so it
is a queryset update. Pending issue requests are deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, IssueRequest
from certificates.services.log import status_log_add
from certificates.status import status_of
from certificates.validity import Status
from certificates.verify_cache import verify_cache_clear
from training.erasure import Erasure
from training.learner_cache import learner_changed

REVOKE_REASON = "Ingetrokken op verzoek van de houder, bij het wissen van het account."


def erase(*, erasure: Erasure) -> None:
    IssueRequest.objects.filter(user=erasure.user).delete()
    certificates = Certificate.objects.filter(user=erasure.user)
    if erasure.revoke_certificates:
        _revoke_all(certificates, erasure)
    files = [name for name in certificates.values_list("pdf", flat=True) if name]
    certificates.update(holder_name="", credential=None, pdf="")
    verify_cache_clear()  # an update() sends no post_save: the name must go now
    learner_changed(erasure.user.pk)
    if files:
        storage = Certificate._meta.get_field("pdf").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


def _revoke_all(certificates, erasure: Erasure) -> None:
    today = timezone.localdate()
    for certificate in (
        certificates.select_for_update()
        .filter(revoked_at__isnull=True)
        .prefetch_related("content_notices")
    ):
        before = status_of(certificate=certificate, today=today)
        certificate.revoked_at = erasure.moment
        certificate.revoked_by = erasure.actor
        certificate.revocation_reason = REVOKE_REASON
        certificate.save(
            update_fields=["revoked_at", "revoked_by", "revocation_reason"]
        )
        status_log_add(
            certificate=certificate,
            before=before,
            after=Status.REVOKED,
            actor=erasure.actor,
            reason=REVOKE_REASON,
        )
