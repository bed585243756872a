"""The public verification page (the QR code's target) and the form to type a code.

Shows holder name, course, dates, accreditation and status, nothing else about the
holder: no email, no scores. Lookups are rate limited per client IP (the same IP
logic as allauth's rate limits, so `ALLAUTH_TRUSTED_PROXY_COUNT` applies behind a
proxy); an unknown or malformed code gets a friendly "niet gevonden" page.
"""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from certificates.models.certificate import code_display, code_normalise
from certificates.selectors import certificate_get_for_verification
from certificates.status import open_notices, status_of, status_view
from certificates.verify_cache import verify_page_cached

WINDOW_SECONDS = 60


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR") or "unknown"


def lookup_allowed(request) -> bool:
    """Count one lookup for the client; False once over the limit this minute."""
    limit = int(getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", 30))
    if limit <= 0:
        return True
    window = int(time.time() // WINDOW_SECONDS)
    key = f"certificates:verify:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= limit


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _too_many(request):
    response = TemplateResponse(request, "certificates/verify_429.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return _no_store(response)


def _not_found(request, code: str):
    return _no_store(
        TemplateResponse(
            request,
            "certificates/verify_not_found.html",
            {"code": code[:64]},
            status=404,
        )
    )


@require_safe
def verify_form(request):
    code = request.GET.get("code", "")
    if not code.strip():
        return _no_store(TemplateResponse(request, "certificates/verify_form.html"))
    if not lookup_allowed(request):
        return _too_many(request)
    normalised = code_normalise(code)
    if normalised is None:
        return _not_found(request, code)
    return redirect("certificates:verify", code=code_display(normalised))


@require_safe
def verify_detail(request, code: str):
    if not lookup_allowed(request):
        return _too_many(request)
    return verify_page_cached(request, code, lambda: _detail(request, code))


def _detail(request, code: str):
    certificate = certificate_get_for_verification(code=code)
    if certificate is None:
        return _not_found(request, code)
    today = timezone.localdate()
    context = {
        "certificate": certificate,
        "status": status_view(status_of(certificate=certificate, today=today)),
        "changes": [notice.change for notice in open_notices(certificate)],
        "accreditations": certificate.accreditation.get("items", []),
    }
    return _no_store(
        TemplateResponse(request, "certificates/verify_detail.html", context)
    )
