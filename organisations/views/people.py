"""A person's page in the managers' area: required courses with status, their
certificates and progress (never answers), reminders and changes; organisation
administrators change the role and team or end the membership here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import MemberForm
from organisations.selectors.access import member_get
from organisations.selectors.people import person_history
from organisations.selectors.signals import person_signals
from organisations.services.memberships import (
    membership_end,
    membership_role_change,
    membership_team_change,
)
from organisations.views.base import manager_context, manager_required, teams_of
from training.models import PrivacyAction, PrivacySource
from training.privacy_log import privacy_log_add


@manager_required
def person(request, membership_id: int, *, membership):
    organisation = membership.organisation
    member = member_get(organisation_id=organisation.pk, membership_id=membership_id)
    privacy_log_add(
        actor=request.user,
        subject=member.user,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.PERSON_PAGE,
        context=organisation.name,
    )
    teams = teams_of(organisation)
    form = MemberForm(
        initial={"role": member.role, "team": str(member.team_id or "")}, teams=teams
    )
    return TemplateResponse(
        request,
        "organisations/person.html",
        manager_context(
            membership,
            "dashboard",
            member=member,
            history=person_history(
                organisation=organisation,
                membership=member,
                today=timezone.localdate(),
            ),
            signals=person_signals(
                organisation=organisation,
                membership=member,
                today=timezone.localdate(),
            ),
            form=form,
            is_current=member.is_active(timezone.localdate()),
        ),
    )


@require_POST
@manager_required(admin=True)
def person_change(request, membership_id: int, *, membership):
    organisation = membership.organisation
    member = member_get(organisation_id=organisation.pk, membership_id=membership_id)
    teams = teams_of(organisation)
    form = MemberForm(request.POST, teams=teams)
    if not form.is_valid():
        messages.error(request, _("Controleer de rol en het team."))
        return redirect("organisations:person", organisation.pk, member.pk)
    try:
        membership_role_change(
            membership=member, role=form.cleaned_data["role"], actor=request.user
        )
        membership_team_change(
            membership=member, team=form.team_from(teams), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rol en team zijn opgeslagen."))
    return redirect("organisations:person", organisation.pk, member.pk)


@require_POST
@manager_required(admin=True)
def person_end(request, membership_id: int, *, membership):
    organisation = membership.organisation
    member = member_get(organisation_id=organisation.pk, membership_id=membership_id)
    try:
        membership_end(membership=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisations:person", organisation.pk, member.pk)
    messages.success(
        request,
        _("%(name)s is geen lid meer van %(organisation)s.")
        % {"name": member.user, "organisation": organisation},
    )
    return redirect("organisations:dashboard", organisation.pk)
