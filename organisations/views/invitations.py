"""Inviting staff (by email or link), revoking invitations, and the page a
learner lands on from an invitation: a friendly explanation when it cannot be
used, otherwise a button to join."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import InviteEmailForm, InviteLinkForm
from organisations.models import Invitation, Membership, MembershipRole
from organisations.services.consent import consent_pending
from organisations.services.invitations import (
    InvitationRefused,
    invitation_accept,
    invitation_check,
    invitation_create_email,
    invitation_create_link,
    invitation_decline,
    invitation_get,
    invitation_revoke,
    invitation_url,
)
from organisations.views.base import manager_context, manager_required, teams_of


def _open_invitations(organisation):
    now = timezone.now()
    return [
        (invitation, invitation_url(invitation))
        for invitation in Invitation.objects.filter(
            organisation=organisation,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .exclude(single_use=True, accepted_at__isnull=False)
        .select_related("team", "team__parent")[:200]
    ]


def _invite_by_email(request, form, *, organisation, teams) -> str:
    data = form.cleaned_data
    started = timezone.now()
    invitation = invitation_create_email(
        organisation=organisation,
        email=data["email"],
        actor=request.user,
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        team=form.team_from(teams),
        role=data.get("role") or MembershipRole.LEARNER,
        days=data["days"],
    )
    if invitation.created_at < started:  # the open one, in any letter case
        return _(
            "Er staat al een uitnodiging open voor %(email)s (geldig tot %(date)s); "
            "er is geen tweede verstuurd."
        ) % {
            "email": invitation.email,
            "date": date_format(timezone.localtime(invitation.expires_at)),
        }
    return _("Uitnodiging verstuurd naar %(email)s.") % {"email": invitation.email}


def _invite_by_link(request, form, *, organisation, teams) -> str:
    data = form.cleaned_data
    invitation_create_link(
        organisation=organisation,
        actor=request.user,
        allowed_domain=data.get("allowed_domain", ""),
        single_use=data["single_use"] == "yes",
        team=form.team_from(teams),
        days=data["days"],
    )
    return _("De link staat hieronder bij de open uitnodigingen.")


@manager_required
def invite(request, *, membership):
    """Two forms on one page: invite an address, or make a link. Only
    organisation administrators may invite managers."""
    organisation = membership.organisation
    teams = teams_of(organisation)
    is_admin = membership.role == MembershipRole.ADMIN
    data = request.POST if request.method == "POST" else None
    by_email = data is not None and "email-email" in data
    email_form = InviteEmailForm(
        data if by_email else None, teams=teams, can_invite_managers=is_admin
    )
    link_form = InviteLinkForm(data if data and not by_email else None, teams=teams)
    if data is not None:
        form, create = (
            (email_form, _invite_by_email) if by_email else (link_form, _invite_by_link)
        )
        if form.is_valid():
            try:
                message = create(request, form, organisation=organisation, teams=teams)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect("organisations:invite", organisation.pk)
    return TemplateResponse(
        request,
        "organisations/invite.html",
        manager_context(
            membership,
            "invite",
            email_form=email_form,
            link_form=link_form,
            invitations=_open_invitations(organisation),
        ),
    )


@require_POST
@manager_required
def invitation_revoke_view(request, invitation_id: int, *, membership):
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation=membership.organisation
    )
    invitation_revoke(invitation=invitation)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("organisations:invite", membership.organisation.pk)


def _refused(request, refused: InvitationRefused, *, user, status: int):
    """Why it cannot be used; a member of the organisation (who perhaps opened
    the link again) is told they are one."""
    invitation = refused.invitation
    if (
        user is not None
        and invitation is not None
        and Membership.objects.active()
        .filter(user=user, organisation=invitation.organisation)
        .exists()
    ):
        return TemplateResponse(
            request, "organisations/invitation_member.html", {"invitation": invitation}
        )
    return TemplateResponse(
        request,
        "organisations/invitation_refused.html",
        {"reason": refused.reason, "invitation": invitation},
        status=status,
    )


@require_POST
def decline(request, token: str):
    """The invited person says no (no account needed); saying it twice is fine."""
    invitation = invitation_decline(token=token)
    if invitation is None:
        refused = InvitationRefused("unknown")
        try:
            invitation_check(
                invitation=invitation_get(token=token), user=None, now=timezone.now()
            )
        except InvitationRefused as reason:
            refused = reason
        user = request.user if request.user.is_authenticated else None
        return _refused(request, refused, user=user, status=410)
    return TemplateResponse(
        request, "organisations/invitation_declined.html", {"invitation": invitation}
    )


def accept(request, token: str):
    """GET shows what joining means (or why it cannot); POST joins."""
    invitation = invitation_get(token=token)
    user = request.user if request.user.is_authenticated else None
    try:
        invitation_check(invitation=invitation, user=user, now=timezone.now())
    except InvitationRefused as refused:
        status = 404 if refused.reason == "unknown" else 410
        return _refused(request, refused, user=user, status=status)
    if request.method == "POST":
        if user is None:
            return redirect_to_login(request.get_full_path())
        try:
            membership = invitation_accept(token=token, user=user)
        except InvitationRefused as refused:
            return _refused(request, refused, user=user, status=410)
        messages.success(
            request,
            _("Welkom bij %(organisation)s.")
            % {"organisation": membership.organisation},
        )
        if consent_pending(user=user, organisation=membership.organisation):
            return redirect("organisations:consent", membership.organisation.pk)
        return redirect("organisations:home")
    return TemplateResponse(
        request,
        "organisations/invitation.html",
        {"invitation": invitation, "next": request.get_full_path()},
    )
