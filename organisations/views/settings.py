"""What organisation administrators set up: required training and teams."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import RequirementForm, TeamForm
from organisations.models import RequiredTraining
from organisations.services.memberships import team_create
from organisations.services.requirements import (
    required_training_add,
    required_training_remove,
)
from organisations.views.base import manager_context, manager_required, teams_of


@manager_required
def requirements(request, *, membership):
    """Everyone managing sees the list; only administrators change it."""
    organisation = membership.organisation
    teams = teams_of(organisation)
    is_admin = membership.role == "admin"
    form = RequirementForm(teams=teams) if is_admin else None
    if request.method == "POST" and is_admin:
        form = RequirementForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            try:
                required_training_add(
                    organisation=organisation,
                    course=data["course"],
                    actor=request.user,
                    audience=data["audience"],
                    team=form.team_from(teams),
                    profession=data.get("profession") or "",
                    due_date=data.get("due_date"),
                    due_within_days=data.get("due_within_days"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(course)s is nu verplicht.") % {"course": data["course"].title},
                )
                return redirect("organisations:requirements", organisation.pk)
    return TemplateResponse(
        request,
        "organisations/requirements.html",
        manager_context(
            membership,
            "requirements",
            form=form,
            requirements=RequiredTraining.objects.filter(organisation=organisation)
            .select_related("course", "team", "team__parent")
            .order_by("course__title", "pk"),
        ),
    )


@require_POST
@manager_required(admin=True)
def requirement_remove(request, requirement_id: int, *, membership):
    requirement = get_object_or_404(
        RequiredTraining.objects.select_related("course", "organisation"),
        pk=requirement_id,
        organisation=membership.organisation,
    )
    required_training_remove(requirement=requirement, actor=request.user)
    messages.success(
        request,
        _("%(course)s is niet meer verplicht voor %(audience)s.")
        % {"course": requirement.course.title, "audience": requirement.audience_label},
    )
    return redirect("organisations:requirements", membership.organisation.pk)


@manager_required
def teams(request, *, membership):
    organisation = membership.organisation
    all_teams = teams_of(organisation)
    is_admin = membership.role == "admin"
    form = TeamForm(teams=all_teams) if is_admin else None
    if request.method == "POST" and is_admin:
        form = TeamForm(request.POST, teams=all_teams)
        if form.is_valid():
            parent = next(
                (t for t in all_teams if str(t.pk) == form.cleaned_data["parent"]), None
            )
            try:
                team = team_create(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    parent=parent,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Team %(team)s is aangemaakt.") % {"team": team}
                )
                return redirect("organisations:teams", organisation.pk)
    return TemplateResponse(
        request,
        "organisations/teams.html",
        manager_context(membership, "teams", form=form, teams=all_teams),
    )
