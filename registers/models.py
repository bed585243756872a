"""Accreditation registers, the learner's registration numbers, and the attendance
records we owe a register (issue 15).

``Register`` is a reference table that ``courses.CourseAccreditation`` points at by
name (a migration dependency, no import); everything else here sits above
``certificates``: an attendance record is created when a certificate is issued or
an accredited module is completed, and sent to PE-online in a ``SendBatch``.

Records are created exactly once: the unique constraints below back the
get-or-create in ``registers.services.records`` (NULL never equals NULL in a
unique index, so course-level and module-level records each have their own
conditional constraint).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registers import numbers

MANAGE_PERMISSION = "registers.manage_registrations"


class NumberKind(models.TextChoices):
    BIG = numbers.BIG, _("BIG-nummer (11 cijfers)")
    VV = numbers.VV, _("relatienummer (6 cijfers)")
    FREE = numbers.FREE, _("eigen nummer van het register")


class Register(models.Model):
    """A register that keeps professionals' accreditation points (GAIA, the
    Kwaliteitsregister V&V, ...). Seeded by a data migration; ``pe_online_org_id``
    is PE-online's ``orgID`` (empty: the register has no PE-online route)."""

    name = models.CharField(_("naam"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    pe_online_org_id = models.PositiveIntegerField(
        _("PE-online orgID"),
        null=True,
        blank=True,
        help_text=_("Leeg als het register niet via PE-online werkt."),
    )
    number_kind = models.CharField(
        _("soort nummer"),
        max_length=8,
        choices=NumberKind.choices,
        default=NumberKind.FREE,
    )
    number_label = models.CharField(
        _("naam van het nummer"),
        max_length=80,
        help_text=_("Zoals de deelnemer het kent, bijv. ‘BIG-nummer’."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        permissions = [("manage_registrations", _("registratie van punten beheren"))]

    def __str__(self) -> str:
        return self.name

    def number_problem(self, number: str) -> str | None:
        return numbers.number_problem(
            kind=self.number_kind, number=number, label=self.number_label
        )


class RegisterNumber(models.Model):
    """A learner's number in one register, and whether we may register points
    there on their behalf (off until they say so; withdrawing stops records that
    were not sent yet). Personal data: shown only to its holder, holders of
    ``registers.manage_registrations`` and administrators."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="register_numbers",
        verbose_name=_("persoon"),
    )
    register = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        related_name="numbers",
        verbose_name=_("register"),
    )
    number = models.CharField(_("nummer"), max_length=40)
    consent_to_register = models.BooleanField(
        _("punten laten registreren"),
        default=False,
        help_text=_(
            "Bijblijven meldt je behaalde punten namens jou aan bij dit register."
        ),
    )
    consent_changed_at = models.DateTimeField(
        _("toestemming gewijzigd op"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["register__name"]
        verbose_name = _("registratienummer")
        verbose_name_plural = _("registratienummers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "register"],
                name="register_number_one_per_register",
                violation_error_message=_(
                    "Je hebt al een nummer voor dit register; wijzig dat nummer."
                ),
            ),
            models.UniqueConstraint(
                fields=["register", "number"],
                name="register_number_unique_number",
                violation_error_message=_(
                    "Dit nummer is voor dit register al aan een ander account "
                    "gekoppeld. Kijk het nummer na, of neem contact met ons op."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register}: {self.number}"

    def clean(self) -> None:
        self.number = numbers.number_normalise(self.number)
        if self.register_id is None:
            return
        problem = self.register.number_problem(self.number)
        if problem:
            raise ValidationError({"number": problem})


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("wacht op verzending")
    SENDING = "sending", _("wordt verzonden")
    ACCEPTED = "accepted", _("geaccepteerd")
    REJECTED = "rejected", _("afgewezen")
    FAILED = "failed", _("verzenden mislukt")
    # consent withdrawn before sending: kept for the history, never sent
    WITHDRAWN = "withdrawn", _("toestemming ingetrokken")


class BatchStatus(models.TextChoices):
    SENDING = "sending", _("wordt verzonden")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class SendBatch(models.Model):
    """One call to PE-online's ``ProcessXML`` for one register (at most 100
    records). Request and response bodies are kept for diagnosis."""

    register = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("register"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.SENDING,
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(
        _("volgende poging om"), null=True, blank=True
    )
    http_status = models.PositiveSmallIntegerField(
        _("HTTP-status"), null=True, blank=True
    )
    request_body = models.TextField(_("verzonden bericht"), blank=True)
    response_body = models.TextField(_("antwoord"), blank=True)
    error = models.TextField(_("fout"), blank=True)
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # Sent while the account was in Xaurum's test mode: rows checked, no points
    # written; its accepted records are sent again once test mode is off.
    test_mode = models.BooleanField(_("testmodus"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")

    def __str__(self) -> str:
        return f"{self.register} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class AttendanceRecord(models.Model):
    """One attendance we report to a register: a person, an accredited course (or
    module) and the end date. What is sent is snapshotted here (number, course and
    module ids), so editing the accreditation or the profile later never changes
    a row already created; the accreditation may be deleted (SET_NULL)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendance_records",
        verbose_name=_("persoon"),
    )
    register = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        related_name="attendance_records",
        verbose_name=_("register"),
    )
    accreditation = models.ForeignKey(
        "courses.CourseAccreditation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance_records",
        verbose_name=_("accreditatie"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="attendance_records",
        verbose_name=_("cursus"),
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance_records",
        verbose_name=_("module"),
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance_records",
        verbose_name=_("certificaat"),
    )
    person_number = models.CharField(_("registratienummer"), max_length=40)
    register_course_id = models.CharField(
        _("cursusnummer bij het register"), max_length=40, blank=True
    )
    external_course_id = models.CharField(
        _("eigen cursusnummer"), max_length=40, blank=True
    )
    register_module_id = models.CharField(
        _("modulenummer bij het register"), max_length=40, blank=True
    )
    end_date = models.DateTimeField(_("afgerond op"))
    # the learner's certification cycle of the course: a module counts once a cycle
    cycle = models.PositiveSmallIntegerField(_("cyclus"), default=1)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.PENDING,
        db_index=True,
    )
    batch = models.ForeignKey(
        SendBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("verzending"),
    )
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    error_number = models.CharField(_("foutnummer"), max_length=20, blank=True)
    error_message = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-end_date"]
        verbose_name = _("presentieregistratie")
        verbose_name_plural = _("presentieregistraties")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "accreditation", "end_date"],
                condition=Q(module__isnull=True),
                name="attendance_once_course_end_date",
            ),
            models.UniqueConstraint(
                fields=["user", "accreditation", "module", "end_date"],
                condition=Q(module__isnull=False),
                name="attendance_once_module_end_date",
            ),
            models.UniqueConstraint(
                fields=["user", "accreditation", "certificate"],
                condition=Q(module__isnull=True, certificate__isnull=False),
                name="attendance_once_course_certificate",
            ),
            models.UniqueConstraint(
                fields=["user", "accreditation", "module", "certificate"],
                condition=Q(module__isnull=False, certificate__isnull=False),
                name="attendance_once_module_certificate",
            ),
            models.UniqueConstraint(
                fields=["user", "accreditation", "module", "cycle"],
                condition=Q(module__isnull=False),
                name="attendance_once_module_cycle",
            ),
        ]
        indexes = [models.Index(fields=["register", "status"])]

    def __str__(self) -> str:
        return f"{self.register} {self.person_number} {self.end_date:%Y-%m-%d}"
