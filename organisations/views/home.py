"""The learner's side: "Organisatie" lists the person's organisations (or a
friendly empty state), and the yes/no screen for showing earlier certificates.
The same yes/no ("Delen" / "Niet delen") is asked on "Mijn leeromgeving"; its
form posts here with `next` to return there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from organisations.forms import ConsentForm
from organisations.models import CertificateConsent
from organisations.selectors.access import memberships_for_user
from organisations.selectors.learner import unshared_required_courses
from organisations.services.consent import consent_decide


@login_required
def home(request):
    memberships = memberships_for_user(user=request.user)
    consents = {
        consent.organisation_id: consent
        for consent in CertificateConsent.objects.filter(
            user=request.user,
            organisation_id__in=[m.organisation_id for m in memberships],
        )
    }
    return TemplateResponse(
        request,
        "organisations/home.html",
        {
            "items": [
                (membership, consents.get(membership.organisation_id))
                for membership in memberships
            ]
        },
    )


@login_required
def consent(request, organisation_id: int):
    membership = next(
        (
            m
            for m in memberships_for_user(user=request.user)
            if m.organisation_id == organisation_id
        ),
        None,
    )
    if membership is None:
        raise Http404
    organisation = membership.organisation
    current = CertificateConsent.objects.filter(
        user=request.user, organisation=organisation
    ).first()
    form = ConsentForm(
        request.POST or None,
        initial={
            "consent": "yes"
            if current and current.granted and current.revoked_at is None
            else "no"
            if current
            else None
        },
    )
    if request.method == "POST" and form.is_valid():
        granted = form.cleaned_data["consent"] == "yes"
        consent_decide(user=request.user, organisation=organisation, granted=granted)
        messages.success(
            request,
            _("%(organisation)s ziet nu ook je eerdere certificaten.")
            % {"organisation": organisation}
            if granted
            else _("%(organisation)s ziet alleen certificaten die je als lid haalt.")
            % {"organisation": organisation},
        )
        return redirect(_next_url(request) or "organisations:home")
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "organisations/consent.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "current": current,
            "today": today,
            "courses": unshared_required_courses(membership=membership, today=today),
            "next": _next_url(request) or "",
        },
    )


def _next_url(request) -> str | None:
    """A local page to return to after deciding ("Mijn leeromgeving")."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
