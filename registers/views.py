"""The learner's registration numbers ("Registratienummers" under Mijn account):
add, change and remove a number and the consent per register. Works without
JavaScript; every change goes through `registers.services.numbers`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from registers.forms import RegisterNumberForm
from registers.models import Register
from registers.selectors import register_numbers_for_user
from registers.services.numbers import register_number_delete, register_number_save


@never_cache
@login_required
def numbers(request):
    entries = list(register_numbers_for_user(user=request.user))
    editing = None
    status = 200
    if request.method == "POST":
        form = RegisterNumberForm(request.POST)
        if form.is_valid():
            register = form.cleaned_data["register"]
            try:
                register_number_save(
                    user=request.user,
                    register=register,
                    number=form.cleaned_data["number"],
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as error:
                for message in error.message_dict.get("number", error.messages):
                    form.add_error("number", message)
            else:
                messages.success(
                    request,
                    _("Je nummer voor %(register)s is opgeslagen.")
                    % {"register": register.name},
                )
                return redirect("register_numbers")
        status = 400
    else:
        code = request.GET.get("register", "")
        editing = next((e for e in entries if e.register.code == code), None)
        initial = {"register": code} if code else {}
        if editing is not None:
            initial.update(number=editing.number, consent=editing.consent_to_register)
        form = RegisterNumberForm(initial=initial)
    return TemplateResponse(
        request,
        "registers/numbers.html",
        {"entries": entries, "form": form, "editing": editing},
        status=status,
    )


@never_cache
@login_required
@require_POST
def number_delete(request, code: str):
    register = get_object_or_404(Register, code=code)
    if register_number_delete(user=request.user, register=register):
        messages.success(
            request,
            _(
                "Je nummer voor %(register)s is verwijderd. We melden daar geen "
                "punten meer voor je aan."
            )
            % {"register": register.name},
        )
    return redirect("register_numbers")
