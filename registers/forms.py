"""The learner's form for one registration number and its consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registers.models import Register
from registers.numbers import number_normalise


class RegisterNumberForm(forms.Form):
    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Kies een register"),
    )
    number = forms.CharField(
        label=_("Nummer"),
        max_length=60,
        help_text=_(
            "Een BIG-nummer heeft 11 cijfers, een V&V-relatienummer 6. Spaties mogen."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Bijblijven mag mijn behaalde accreditatiepunten namens mij aanmelden bij "
            "dit register"
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        register = cleaned.get("register")
        number = number_normalise(cleaned.get("number", ""))
        if register is not None and "number" in cleaned:
            problem = register.number_problem(number)
            if problem:
                self.add_error("number", problem)
            else:
                cleaned["number"] = number
        return cleaned
