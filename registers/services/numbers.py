"""The learner's registration numbers: adding, correcting and removing a number
and giving or withdrawing consent, with what that means for attendance records
(`registers.services.records`): consent given catches up on certificates already
held; consent withdrawn or the number removed stops every record not yet sent; a
corrected number goes into the records not yet sent.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from registers.models import Register, RegisterNumber
from registers.numbers import number_normalise
from registers.services.records import (
    attendance_records_catch_up,
    attendance_records_renumber,
    attendance_records_withdraw,
)
from training.models import User


@transaction.atomic
def register_number_save(
    *, user: User, register: Register, number: str, consent: bool
) -> RegisterNumber:
    """Add or change the learner's number for ``register`` and their consent.
    Raises ``ValidationError`` (Dutch messages, on ``number``) for a number that
    does not fit the register or is another account's; nothing is saved then."""
    entry = RegisterNumber.objects.filter(user=user, register=register).first()
    if entry is None:
        entry = RegisterNumber(user=user, register=register)
    previous_number = entry.number
    previous_consent = entry.consent_to_register if entry.pk else False
    entry.number = number_normalise(number)
    entry.consent_to_register = consent
    if entry.pk is None or consent != previous_consent:
        entry.consent_changed_at = timezone.now()
    try:
        entry.full_clean()
    except ValidationError as error:
        # the constraints' messages come without a field: they are about the number
        raise ValidationError(
            {"number": [m for ms in error.message_dict.values() for m in ms]}
        ) from error
    entry.save()
    if previous_number and previous_number != entry.number:
        attendance_records_renumber(
            user=user, register_id=register.pk, number=entry.number
        )
    if consent and not previous_consent:
        attendance_records_catch_up(user=user, register_id=register.pk)
    elif previous_consent and not consent:
        attendance_records_withdraw(user=user, register_id=register.pk)
    return entry


@transaction.atomic
def register_number_delete(*, user: User, register: Register) -> bool:
    """Remove the learner's number for ``register``; records not yet sent are
    withdrawn. Returns whether there was one."""
    deleted, _ = RegisterNumber.objects.filter(user=user, register=register).delete()
    if deleted:
        attendance_records_withdraw(user=user, register_id=register.pk)
    return bool(deleted)
