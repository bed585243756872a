"""The privacy pages of the Wagtail admin: the read-only "Privacylog", and
erasing an account on the person's request: a button on the user listing and a
confirm page. Needs `training.erase_account`
(administrators have it; it can be given to a group); only a superuser erases a
superuser, and nobody erases themselves here (the profile page does that, with
the password)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from training.erasure import ERASE_PERMISSION, account_erase
from training.forms import CertificateChoice
from training.models import PrivacyAction, PrivacyLogEntry, PrivacySource, User


class AdminEraseForm(forms.Form):
    certificates = forms.ChoiceField(
        label=gettext_lazy("Certificaten"),
        choices=CertificateChoice.choices,
        initial=CertificateChoice.KEEP,
        widget=forms.RadioSelect,
    )
    requested = forms.BooleanField(
        label=gettext_lazy(
            "De persoon heeft zelf om het wissen gevraagd en ik heb nagegaan dat "
            "het verzoek van hen komt."
        ),
        error_messages={"required": gettext_lazy("Bevestig het verzoek.")},
    )


def user_can_erase(actor: User, person: User) -> bool:
    if not actor.has_perm(ERASE_PERMISSION) or actor.pk == person.pk:
        return False
    return actor.is_superuser or not person.is_superuser


@permission_required(ERASE_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def erase(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    if not user_can_erase(request.user, person):
        raise PermissionDenied
    if person.erased_at is not None:
        messages.info(request, _("Dit account is al gewist."))
        return redirect("wagtailusers_users:index")
    form = AdminEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erased = account_erase(
                user=person,
                actor=request.user,
                revoke_certificates=(
                    form.cleaned_data["certificates"] == CertificateChoice.REVOKE
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if erased:
                messages.success(request, _("Het account is gewist."))
            else:
                messages.info(request, _("Dit account is al gewist."))
            return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "training/admin/account_erase.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


class PrivacyLogPermissionPolicy(ModelPermissionPolicy):
    """The log is read-only in the admin: "view" is the only action."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class PrivacyLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Handeling"), choices=PrivacyAction.choices
    )
    source = django_filters.ChoiceFilter(
        label=gettext_lazy("Waar"), choices=PrivacySource.choices
    )

    class Meta:
        model = PrivacyLogEntry
        fields = ["action", "source"]


class PrivacyLogViewSet(ModelViewSet):
    """ "Privacylog" for administrators (`training.view_privacylogentry`): who
    viewed, exported or erased whose data. No add, edit or delete."""

    model = PrivacyLogEntry
    icon = "view"
    menu_label = gettext_lazy("Privacylog")
    menu_order = 910
    add_to_admin_menu = True
    copy_view_enabled = False
    filterset_class = PrivacyLogFilterSet
    search_fields = ["context", "actor__email", "subject__email"]
    search_backend_name = None  # listing: the database (see decisions.md)
    list_display = [
        DateColumn("created_at", label=gettext_lazy("Tijdstip")),
        Column("actor", label=gettext_lazy("Door")),
        Column("subject", label=gettext_lazy("Van wie")),
        Column(
            "action", label=gettext_lazy("Handeling"), accessor="get_action_display"
        ),
        Column("source", label=gettext_lazy("Waar"), accessor="get_source_display"),
        "context",
    ]
    list_per_page = 50
    exclude_form_fields = []

    def get_queryset(self, request):
        return PrivacyLogEntry.objects.select_related("actor", "subject")

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in {"index", "index_results"}
        ]
