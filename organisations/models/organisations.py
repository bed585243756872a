"""Organisations, their teams (nested at most one level) and memberships.

A person may belong to several organisations; per organisation there is one
membership row, with a role and the dates between which it counts. Role changes and
leaving go through `organisations.services.memberships`, which writes the audit log.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class OrganisationKind(models.TextChoices):
    HUISARTSENPRAKTIJK = "huisartsenpraktijk", _("Huisartsenpraktijk")
    POLITIE = "politie-eenheid", _("Politie-eenheid")
    VERSLAVINGSZORG = "verslavingszorg", _("Verslavingszorg")
    GGD = "ggd", _("GGD")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis(afdeling)")
    GEMEENTE = "gemeente", _("Gemeente")
    WELZIJN = "welzijn", _("Welzijn")
    LHBTIQ = "lhbtiq", _("LHBTIQ+-organisatie")
    ANDERS = "anders", _("Anders")


class Organisation(models.Model):
    """An employer or network whose managers follow their people's certification.
    Platform administrators create organisations and appoint the first manager."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(
        _("soort"),
        max_length=32,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ANDERS,
    )
    region = models.CharField(_("regio"), max_length=100, blank=True)
    # The share (percent, 1–100) of staff with valid certificates the managers
    # aim for: the target line in the trend charts.
    compliance_target = models.PositiveSmallIntegerField(
        _("doel (percentage geldig)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("region")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team or department. A team may sit in another team, one level deep:
    a team's parent has no parent itself."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=120)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("valt onder"),
    )

    panels = [FieldPanel("organisation"), FieldPanel("name"), FieldPanel("parent")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="team_unique_organisation_name"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="team_not_own_parent",
            ),
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        super().clean()
        parent = self.parent
        if parent is None:
            return
        if self.pk and parent.pk == self.pk:
            raise ValidationError(
                {"parent": _("Een team kan niet onder zichzelf vallen.")}
            )
        if parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {
                    "parent": _(
                        "Het bovenliggende team hoort bij een andere organisatie."
                    )
                }
            )
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Teams kunnen maar één niveau diep genest worden.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "Dit team heeft zelf subteams en kan niet onder een ander "
                        "team vallen."
                    )
                }
            )


class MembershipRole(models.TextChoices):
    LEARNER = "learner", _("Deelnemer")
    MANAGER = "manager", _("Leidinggevende")
    ADMIN = "admin", _("Organisatiebeheerder")


MANAGING_ROLES = (MembershipRole.MANAGER, MembershipRole.ADMIN)


class MembershipQuerySet(models.QuerySet):
    def active(self, today: datetime.date | None = None):
        """Memberships that count today: started, and not ended before today."""
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )

    def managing(self):
        return self.filter(role__in=MANAGING_ROLES)


class Membership(models.Model):
    """A person in an organisation: their role, team and dates. The dashboard
    counts required training from `start_date` (due within N days of joining)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("persoon"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        verbose_name=_("team"),
    )
    role = models.CharField(
        _("rol"),
        max_length=16,
        choices=MembershipRole.choices,
        default=MembershipRole.LEARNER,
    )
    start_date = models.DateField(_("startdatum"), default=timezone.localdate)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    # A manager asked for the monthly report by email (None: not asked).
    monthly_report_since = models.DateTimeField(
        _("maandrapport per e-mail sinds"), null=True, blank=True
    )
    # Last change of this row: what the HR API's updated_since filters on.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("organisation"),
        FieldPanel("team"),
        FieldPanel("role"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
    ]

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique_user_organisation",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"

    def save(self, *args, update_fields=None, **kwargs):
        """A save of some fields still stamps `updated_at`."""
        if update_fields:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.team_id and self.team.organisation_id != self.organisation_id:
            raise ValidationError(
                {"team": _("Dit team hoort bij een andere organisatie.")}
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("De einddatum ligt vóór de startdatum.")}
            )

    @property
    def is_managing(self) -> bool:
        return self.role in MANAGING_ROLES

    def is_active(self, today: datetime.date) -> bool:
        return self.start_date <= today and (
            self.end_date is None or self.end_date >= today
        )
