""" "Achtergrondwerk" in the Wagtail admin: failed and pending background tasks with
their age, attempts and last error, filters, pages, and a requeue button. Needs
`training.manage_background_work` (administrators have it)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks

from training.admin_outbox import VIEW_PERMISSION as OUTBOX_VIEW_PERMISSION
from training.background.selectors import (
    SUMMARY_HOOK,
    background_task_list,
    background_task_paths,
    task_rows,
)
from training.background.services import task_requeue
from training.models.background import MANAGE_PERMISSION

PER_PAGE = 50


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("open", gettext_lazy("Mislukt, wachtend of bezig")),
            ("failed", gettext_lazy("Mislukt")),
            ("waiting", gettext_lazy("Wachtend")),
            ("running", gettext_lazy("Bezig")),
            ("successful", gettext_lazy("Gelukt")),
        ],
    )
    task = forms.ChoiceField(label=gettext_lazy("Taak"), required=False)

    def __init__(self, *args, task_paths: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", _("Alle taken"))] + [
            (path, path.rsplit(".", 1)[-1]) for path in task_paths
        ]


@permission_required(MANAGE_PERMISSION, raise_exception=True)
def background_index(request):
    form = TaskFilterForm(request.GET or None, task_paths=background_task_paths())
    status, task_path = "open", ""
    if form.is_valid():
        status = form.cleaned_data["status"] or "open"
        task_path = form.cleaned_data["task"]
    paginator = Paginator(
        background_task_list(status=status, task_path=task_path), PER_PAGE
    )
    page = paginator.get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "training/admin/background_index.html",
        {
            "form": form,
            "rows": task_rows(tasks=page.object_list, now=timezone.now()),
            "page": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "summaries": [
                line for hook in hooks.get_hooks(SUMMARY_HOOK) for line in hook()
            ],
            "email_outbox_url": reverse("outbox:index")
            if request.user.has_perm(OUTBOX_VIEW_PERMISSION)
            else None,
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


@require_POST
@permission_required(MANAGE_PERMISSION, raise_exception=True)
def background_requeue(request, task_id):
    if task_requeue(task_id=task_id):
        messages.success(request, _("De taak staat weer in de wachtrij."))
    else:
        messages.info(
            request,
            _("Deze taak was al opnieuw gestart of is niet meer mislukt."),
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("background_admin:index")
    return redirect(back)
