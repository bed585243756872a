"""The form an organisation administrator makes a key with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hrapi.models import ApiScope


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Bijvoorbeeld het systeem dat de sleutel gebruikt: AFAS, Nmbrs."),
    )
    scope = forms.ChoiceField(
        label=_("Rechten"),
        choices=ApiScope.choices,
        initial=ApiScope.READ,
        widget=forms.RadioSelect,
    )
