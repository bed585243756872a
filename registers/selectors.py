"""Reads for the learner: their numbers, and for each certificate one line per
register saying whether the points were registered, or why not (no number, no
consent, outside the accreditation period, or the record's status)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import CourseAccreditation, ModuleAccreditation
from registers.models import AttendanceRecord, RecordStatus, Register, RegisterNumber
from training.models import User


def register_numbers_for_user(*, user: User) -> QuerySet[RegisterNumber]:
    return RegisterNumber.objects.filter(user=user).select_related("register")


def registers_for_profile() -> QuerySet[Register]:
    return Register.objects.order_by("name")


@dataclass(frozen=True)
class RegistrationLine:
    """One sentence for the certificate page; ``needs_action``: the learner can
    change it on their registration-number page (``url``)."""

    text: str
    needs_action: bool = False

    @property
    def url(self) -> str:
        return reverse("register_numbers") if self.needs_action else ""


def _day(value) -> str:
    return date_format(value, "j F Y")


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "j F Y")


def record_line(record: AttendanceRecord) -> RegistrationLine:
    register = record.register.name
    if record.module_id is not None:
        register = _("%(register)s (module %(module)s)") % {
            "register": register,
            "module": record.module.title if record.module else "",
        }
    if (
        record.status == RecordStatus.ACCEPTED
        and record.batch
        and record.batch.test_mode
    ):
        # PE-online's test mode checks rows but writes no points: the record is
        # sent again once the account is live (records_requeue_test_mode).
        return RegistrationLine(
            _(
                "Aanmelding bij %(register)s op %(date)s gecontroleerd in de "
                "testmodus; er zijn nog geen punten geschreven."
            )
            % {"register": register, "date": _moment(record.accepted_at)}
        )
    if record.status == RecordStatus.ACCEPTED:
        return RegistrationLine(
            _("Punten aangemeld bij %(register)s op %(date)s.")
            % {"register": register, "date": _moment(record.accepted_at)}
        )
    if record.status == RecordStatus.REJECTED:
        return RegistrationLine(
            _("%(register)s heeft de aanmelding afgewezen: %(message)s")
            % {
                "register": register,
                "message": record.error_message or record.error_number,
            },
            needs_action=True,
        )
    if record.status == RecordStatus.FAILED:
        return RegistrationLine(
            # A failed batch is not retried by itself: a trainer sends it again
            # from Puntenregistratie once the cause is fixed.
            _(
                "Aanmelden bij %(register)s is niet gelukt. Het opleidingsteam "
                "meldt je punten opnieuw aan."
            )
            % {"register": register}
        )
    if record.status == RecordStatus.WITHDRAWN:
        return RegistrationLine(
            _("Niet aangemeld bij %(register)s: je hebt je toestemming ingetrokken.")
            % {"register": register},
            needs_action=True,
        )
    if record.register.pe_online_org_id is None:
        # No PE-online route: the training team uploads the register's export.
        return RegistrationLine(
            _(
                "Punten voor %(register)s meldt het opleidingsteam met de hand "
                "aan; een bevestiging van het register verschijnt hier niet."
            )
            % {"register": register}
        )
    return RegistrationLine(
        _("Punten worden aangemeld bij %(register)s.") % {"register": register}
    )


def reason_line(
    *, accreditation: CourseAccreditation, number: RegisterNumber | None, day
) -> RegistrationLine:
    """Why a certificate completed on ``day`` has no record for ``accreditation``."""
    register = accreditation.register
    if number is None:
        return RegistrationLine(
            _("Niet aangemeld bij %(register)s: je hebt geen %(label)s opgegeven.")
            % {"register": register.name, "label": register.number_label},
            needs_action=True,
        )
    if not number.consent_to_register:
        return RegistrationLine(
            _(
                "Niet aangemeld bij %(register)s: je hebt geen toestemming gegeven "
                "om je punten te laten registreren."
            )
            % {"register": register.name},
            needs_action=True,
        )
    if not accreditation.covers(day):
        return RegistrationLine(
            _(
                "Niet aangemeld bij %(register)s: je rondde de cursus af buiten de "
                "accreditatieperiode (%(period)s)."
            )
            % {"register": register.name, "period": period_text(accreditation)}
        )
    return RegistrationLine(
        _("Niet aangemeld bij %(register)s.") % {"register": register.name}
    )


def period_text(accreditation: CourseAccreditation) -> str:
    start, end = accreditation.valid_from, accreditation.valid_until
    if start and end:
        return _("%(start)s tot en met %(end)s") % {
            "start": _day(start),
            "end": _day(end),
        }
    if start:
        return _("vanaf %(start)s") % {"start": _day(start)}
    if end:
        return _("tot en met %(end)s") % {"end": _day(end)}
    return ""


def certificate_registration_lines(
    *, user: User, certificates
) -> dict[int, list[RegistrationLine]]:
    """For each of ``user``'s certificates (by id): its records' status, and a
    reason for each accreditation of the course without one. Records of modules
    accredited on their own count for the certificate of the same course and
    cycle. Three queries, however many certificates."""
    certificates = [c for c in certificates if c.user_id == user.pk]
    if not certificates:
        return {}
    course_ids = {c.course_id for c in certificates}
    accreditations = defaultdict(list)
    for accreditation in (
        CourseAccreditation.objects.filter(course_id__in=course_ids)
        .select_related("register")
        .annotate(
            in_parts=Exists(
                ModuleAccreditation.objects.filter(accreditation=OuterRef("pk"))
            )
        )
        .order_by("sort_order", "pk")
    ):
        accreditations[accreditation.course_id].append(accreditation)
    records = list(
        AttendanceRecord.objects.filter(user=user, course_id__in=course_ids)
        .select_related("register", "module", "batch")
        .order_by("end_date", "pk")
    )
    numbers = {n.register_id: n for n in RegisterNumber.objects.filter(user=user)}
    lines: dict[int, list[RegistrationLine]] = {}
    for certificate in certificates:
        own = [
            r
            for r in records
            if r.certificate_id == certificate.pk
            or (
                r.module_id is not None
                and r.course_id == certificate.course_id
                and r.cycle == certificate.cycle
            )
        ]
        result = [record_line(record) for record in own]
        covered = {r.accreditation_id for r in own}
        if certificate.revoked_at is None:
            day = timezone.localdate(certificate.issued_at)
            course_registers = {
                a.register_id for a in accreditations[certificate.course_id]
            }
            # a GP with a BIG number needs no line about the V&V register
            has_one = bool(course_registers & set(numbers))
            for accreditation in accreditations[certificate.course_id]:
                if accreditation.in_parts or accreditation.pk in covered:
                    continue
                if has_one and accreditation.register_id not in numbers:
                    continue
                result.append(
                    reason_line(
                        accreditation=accreditation,
                        number=numbers.get(accreditation.register_id),
                        day=day,
                    )
                )
        if result:
            lines[certificate.pk] = result
    return lines
