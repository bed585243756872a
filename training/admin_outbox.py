""" "Uitgaande e-mail" in the Wagtail admin: every queued, sent and failed email
with filters on status and kind, and a requeue action for failed ones.

Rows are written by code only (`training.outbox`), so the listing offers no add,
edit or delete. Viewing needs `training.view_outboundemail`; requeueing needs
`training.change_outboundemail`. Bodies are never shown: they may hold links
with secrets (invitations)."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from training.models import EmailStatus, OutboundEmail
from training.outbox import email_requeue

VIEW_PERMISSION = "training.view_outboundemail"
REQUEUE_PERMISSION = "training.change_outboundemail"


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Only "view" is a Wagtail action here; requeueing is checked on its own."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


def _kind_choices():
    kinds = OutboundEmail.objects.order_by("kind").values_list("kind", flat=True)
    return [(kind, kind) for kind in kinds.distinct()]


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=EmailStatus.choices
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Soort"), choices=_kind_choices
    )

    class Meta:
        model = OutboundEmail
        fields = ["status", "kind"]


class OutboxIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status != EmailStatus.SENT and self.request.user.has_perm(
            REQUEUE_PERMISSION
        ):
            buttons.append(
                ListingButton(
                    _("Opnieuw versturen"),
                    url=reverse("outbox:requeue", args=[instance.pk]),
                    icon_name="redirect",
                    priority=5,
                )
            )
        return buttons

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(REQUEUE_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Alle mislukte opnieuw versturen"),
                    url=reverse("outbox:requeue_failed"),
                    icon_name="redirect",
                )
            )
        return buttons


class OutboxViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = gettext_lazy("Uitgaande e-mail")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = OutboxIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = OutboxFilterSet
    search_fields = ["to", "subject"]
    list_display = [
        "to",
        "subject",
        "kind",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        "attempts",
        DateColumn("next_attempt_at", label=gettext_lazy("Volgende poging")),
        DateColumn("created_at", label=gettext_lazy("Aangemaakt")),
        "last_error",
    ]
    inspect_view_fields = [
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_per_page = 50
    # ModelViewSet builds its edit form even though no edit URL is routed here.
    exclude_form_fields = []

    def get_urlpatterns(self):
        kept = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in {"index", "index_results", "inspect"}
        ]
        return [
            *kept,
            path("<int:pk>/opnieuw/", requeue, name="requeue"),
            path("mislukt-opnieuw/", requeue_failed, name="requeue_failed"),
        ]


@permission_required(REQUEUE_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def requeue(request, pk: int):
    email = get_object_or_404(OutboundEmail, pk=pk)
    if request.method == "POST":
        if email_requeue(email_ids=[email.pk]):
            messages.success(request, _("De e-mail staat weer in de wachtrij."))
        else:
            messages.info(request, _("Deze e-mail is al verstuurd."))
        return redirect("outbox:index")
    return TemplateResponse(
        request, "training/admin/outbox_requeue.html", {"emails": [email]}
    )


@permission_required(REQUEUE_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def requeue_failed(request):
    failed = OutboundEmail.objects.filter(status=EmailStatus.FAILED)
    if request.method == "POST":
        count = email_requeue(email_ids=failed.values_list("pk", flat=True))
        messages.success(
            request,
            _("%(count)s e-mails staan weer in de wachtrij.") % {"count": count},
        )
        return redirect("outbox:index")
    return TemplateResponse(
        request,
        "training/admin/outbox_requeue.html",
        {"emails": list(failed[:100]), "count": failed.count()},
    )
