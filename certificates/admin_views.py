"""Certificates in the Wagtail admin: a searchable listing and a detail page with
the status history and a revoke form. Viewing needs `view_certificate`, revoking
`revoke_certificate` (the service checks that again)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.selectors import certificate_list_for_admin, certificate_rows
from certificates.services.revoke import REVOKE_PERMISSION, certificate_revoke

VIEW_PERMISSION = "certificates.view_certificate"
PER_PAGE = 50


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden van intrekking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@permission_required(VIEW_PERMISSION, raise_exception=True)
def certificate_index(request):
    # PostgreSQL refuses a NUL byte in a text parameter: a 500 before this
    query = request.GET.get("q", "").replace("\x00", "")[:200]
    paginator = Paginator(certificate_list_for_admin(query=query), PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    rows = certificate_rows(certificates=page.object_list, today=timezone.localdate())
    return TemplateResponse(
        request,
        "certificates/admin/index.html",
        {"rows": rows, "page": page, "query": query},
    )


@permission_required(VIEW_PERMISSION, raise_exception=True)
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(
        certificate_list_for_admin().prefetch_related("status_log__actor"), pk=pk
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(REVOKE_PERMISSION):
            raise PermissionDenied
        if form.is_valid():
            try:
                certificate_revoke(
                    certificate=certificate,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Het certificaat is ingetrokken."))
                return redirect("certificates_admin:detail", pk=certificate.pk)
    (row,) = certificate_rows(certificates=[certificate], today=timezone.localdate())
    return TemplateResponse(
        request,
        "certificates/admin/detail.html",
        {
            "row": row,
            "certificate": certificate,
            "log": list(certificate.status_log.all()),
            "form": form,
            "can_revoke": request.user.has_perm(REVOKE_PERMISSION)
            and certificate.revoked_at is None,
        },
        status=400 if request.method == "POST" else 200,
    )
