"""Forms for accounts: the extra sign-up details allauth asks for, the profile
and the confirm step of erasing an account."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from training.models import Profession


class SignupDetailsForm(forms.Form):
    """Name and profession at sign-up; allauth mixes this into its sign-up form."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    profession = forms.ChoiceField(
        label=_("Beroep"),
        choices=[("", _("Kies je beroep")), *Profession.choices],
        help_text=_("Zo tonen we de cursussen die bij je werk horen."),
        error_messages={"required": _("Kies je beroep.")},
    )

    field_order = ["first_name", "last_name", "profession", "email"]

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.profession = self.cleaned_data["profession"]
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        user.save()


class ProfileForm(forms.Form):
    """What a signed-in person may change about themselves."""

    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=150,
        help_text=_(
            "Je naam komt op de certificaten die je vanaf nu krijgt. Certificaten "
            "die je al hebt, houden de naam waarmee ze zijn uitgegeven."
        ),
    )
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    profession = forms.ChoiceField(
        label=_("Beroep"),
        choices=Profession.choices,
        help_text=_("Het cursusoverzicht toont eerst de cursussen voor je beroep."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Taal voor website en e-mail"), choices=settings.LANGUAGES
    )


class CertificateChoice(models.TextChoices):
    KEEP = (
        "keep",
        _(
            "Laat mijn certificaten geldig: wie de code controleert, ziet de status, "
            "cursus en data, maar niet meer mijn naam"
        ),
    )
    REVOKE = "revoke", _("Trek mijn certificaten in")


class AccountEraseForm(forms.Form):
    """The confirm step of erasing one's own account: the password again, and
    what happens to certificates already handed out."""

    certificates = forms.ChoiceField(
        label=_("Je certificaten"),
        choices=CertificateChoice.choices,
        initial=CertificateChoice.KEEP,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er met je certificaten gebeurt.")},
    )
    password = forms.CharField(
        label=_("Je wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Ter bevestiging dat jij het bent."),
        error_messages={"required": _("Vul je wachtwoord in.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password

    @property
    def revoke_certificates(self) -> bool:
        return self.cleaned_data["certificates"] == CertificateChoice.REVOKE
