"""The platform's user: email is the login; profession drives course audiences,
validity rules and reports."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    HUISARTS = "huisarts", _("Huisarts")
    POLITIE = "politie", _("Politie en handhaving")
    VERSLAVINGSZORG = "verslavingszorg", _("Verslavingszorg")
    PREVENTIE = "preventie", _("Preventie")
    GGD = "ggd", _("GGD")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis")
    THERAPEUT = "therapeut", _("Therapeut, seksuoloog of psychiater")
    JONGERENWERK = "jongerenwerk", _("Jongerenwerk")
    LHBTIQ = "lhbtiq", _("LHBTIQ+-organisatie")
    ANDERS = "anders", _("Anders")


class EmailUserManager(UserManager):
    """Creates users keyed by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A learner, trainer, manager or administrator, signing in by email."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    profession = models.CharField(
        _("beroep"), max_length=32, choices=Profession.choices, blank=True
    )
    preferred_language = models.CharField(
        _("voorkeurstaal"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="nl",
    )
    # Set once by `training.erasure.account_erase`; the row stays as an anonymous
    # holder of what others depend on (certificate codes, organisation records).
    erased_at = models.DateTimeField(_("gewist op"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
