"""Erasing a person's registration data (through `training.erasure.ERASURE_HOOK`).

Their numbers go. Attendance records stay as rows (a register may hold the
points; trainers' counts stay right) without the number, and records not yet
sent are withdrawn, so nothing goes out after the erasure. A batch's stored
request and answer hold the numbers of everyone in it: the person's number is
replaced there too.
"""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Replace

from registers.models import AttendanceRecord, RegisterNumber, SendBatch
from registers.services.records import UNSENT
from training.erasure import Erasure

ERASED = "[gewist]"


def erase(*, erasure: Erasure) -> None:
    user = erasure.user
    numbers = set(
        RegisterNumber.objects.filter(user=user).values_list("number", flat=True)
    )
    records = AttendanceRecord.objects.filter(user=user)
    numbers |= set(records.values_list("person_number", flat=True))
    batch_ids = set(
        records.filter(batch__isnull=False).values_list("batch_id", flat=True)
    )
    records.filter(status__in=UNSENT).update(status="withdrawn")
    records.update(person_number="")
    RegisterNumber.objects.filter(user=user).delete()
    for number in sorted(n for n in numbers if n):
        SendBatch.objects.filter(pk__in=batch_ids).update(
            request_body=Replace("request_body", Value(number), Value(ERASED)),
            response_body=Replace("response_body", Value(number), Value(ERASED)),
        )
