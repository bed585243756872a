"""Forms for accounts: the extra sign-up details allauth asks for."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from training.models import Profession


class SignupDetailsForm(forms.Form):
    """Name and profession at sign-up; allauth mixes this into its sign-up form."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    profession = forms.ChoiceField(
        label=_("Beroep"),
        choices=[("", _("Kies uw beroep")), *Profession.choices],
        help_text=_("Zo tonen we de cursussen die bij uw werk horen."),
        error_messages={"required": _("Kies uw beroep.")},
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
