"""The registers app's part of a person's data download (see
`training.personal_data`): their registration numbers with consent, and every
attendance record we made or sent for them. Batches (other people's rows) stay
out. Two queries."""

from __future__ import annotations

from typing import Any

from registers.models import AttendanceRecord, RegisterNumber
from training.models import User
from training.personal_data import iso


def personal_data(*, user: User) -> dict[str, Any]:
    """The sections "registratienummers" and "presentieregistraties"."""
    numbers = RegisterNumber.objects.filter(user=user).select_related("register")
    records = (
        AttendanceRecord.objects.filter(user=user)
        .select_related("register", "course", "module")
        .order_by("end_date", "pk")
    )
    return {
        "registratienummers": [
            {
                "register": number.register.name,
                "nummer": number.number,
                "toestemming_punten_registreren": number.consent_to_register,
                "toestemming_gewijzigd_op": iso(number.consent_changed_at),
                "toegevoegd_op": iso(number.created_at),
            }
            for number in numbers
        ],
        "presentieregistraties": [
            {
                "register": record.register.name,
                "nummer": record.person_number,
                "cursus": record.course.title,
                "module": record.module.title if record.module else None,
                "cursusnummer_register": record.register_course_id,
                "eigen_cursusnummer": record.external_course_id,
                "modulenummer_register": record.register_module_id,
                "afgerond_op": iso(record.end_date),
                "status": record.get_status_display(),
                "geaccepteerd_op": iso(record.accepted_at),
                "foutnummer": record.error_number,
                "foutmelding": record.error_message,
                "aangemaakt_op": iso(record.created_at),
            }
            for record in records
        ],
    }
