"""Admin form: which learning objectives each step of a scenario assesses (for
the alignment matrix, Rapporten > Leerdoelen en studietijd). Whoever may edit
the scenario page may set its ties."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.scenarios.models import ScenarioPage
from assessments.scenarios.objectives import (
    choice_steps,
    scenario_course,
    scenario_step_objectives_set,
    step_ties,
)
from courses.models import LearningObjective


def _form_class(steps, objectives):
    choices = [(str(o.pk), f"{o.code}: {o.text}") for o in objectives]
    fields = {
        f"step-{step['key']}": forms.MultipleChoiceField(
            label=f"{step['key']}: {step['title']}",
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for step in steps
    }
    return type("StepObjectivesForm", (forms.Form,), fields)


def scenario_objectives_view(request, page_id: int):
    page = get_object_or_404(ScenarioPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    course = scenario_course(page=page)
    if course is None:
        raise PermissionDenied
    objectives = list(LearningObjective.objects.filter(course=course))
    steps = choice_steps(page=page)
    form_class = _form_class(steps, objectives)
    ties = step_ties(page=page)
    initial = {
        f"step-{key}": [str(pk) for pk in objective_ids]
        for key, objective_ids in ties.items()
    }
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        wanted = {
            step["key"]: {int(pk) for pk in form.cleaned_data[f"step-{step['key']}"]}
            for step in steps
        }
        try:
            scenario_step_objectives_set(page=page, ties=wanted)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De leerdoelen van de stappen van ‘%(title)s’ zijn opgeslagen.")
                % {"title": page.title},
            )
            return redirect(reverse("courses_records_course", args=[course.pk]))
    return TemplateResponse(
        request,
        "scenarios/admin/objectives.html",
        {"page": page, "course": course, "form": form, "objectives": objectives},
    )
