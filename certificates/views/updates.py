"""Catching up with a material course change: what changed, the changed lessons
(opened through here, so that the visit counts), and confirming."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from certificates.selectors import certificate_get_for_holder
from certificates.services.content_updates import (
    notice_acknowledge,
    notice_complete,
    notice_page_visit,
)


def _notice(request, code: str, notice_id: int):
    certificate = certificate_get_for_holder(user=request.user, code=code)
    notice = None
    if certificate is not None:
        notice = next(
            (n for n in certificate.content_notices.all() if n.pk == notice_id), None
        )
    if notice is None:
        raise Http404(_("Niet gevonden."))
    return certificate, notice


@login_required
def update(request, code: str, notice_id: int):
    certificate, notice = _notice(request, code, notice_id)
    if request.method == "POST":
        try:
            notice_complete(user=request.user, notice=notice)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Bijgewerkt. Dank je wel!"))
            return redirect("courses:my_learning")
        return redirect(request.path)
    notice_acknowledge(user=request.user, notice=notice)
    pages = {p.pk: p for p in Page.objects.filter(pk__in=notice.page_ids).live()}
    lessons = [
        {"page": pages[pk], "visited": pk in notice.visited_page_ids}
        for pk in notice.page_ids
        if pk in pages
    ]
    return TemplateResponse(
        request,
        "certificates/update.html",
        {
            "certificate": certificate,
            "notice": notice,
            "lessons": lessons,
            "overdue": notice.is_overdue(timezone.localdate()),
        },
    )


@login_required
def update_lesson(request, code: str, notice_id: int, page_id: int):
    _certificate, notice = _notice(request, code, notice_id)
    page = Page.objects.filter(pk=page_id).live().first()
    if page is None or page_id not in notice.page_ids:
        raise Http404(_("Niet gevonden."))
    notice_page_visit(user=request.user, notice=notice, page_id=page_id)
    return redirect(page.url)
