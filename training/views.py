"""Site-wide views: language switch, health check, the server error page, the
person's profile, data download and account erasure."""

import json
import sys

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from training.erasure import account_erase
from training.forms import AccountEraseForm, ProfileForm
from training.health import health_report
from training.models import PrivacyAction, PrivacySource
from training.monitoring import monitoring_allowed
from training.personal_data import iso, personal_data_collect
from training.privacy_log import actor_label, privacy_log_add, privacy_log_for_person
from training.services import user_profile_update, user_set_language


@require_http_methods(["GET", "POST"])
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (a plain form post, no JavaScript), and for a
    signed-in person also their stored preference, used for emails.

    Anonymous visitors' pages carry a GET form instead (no CSRF token, so the page
    can be cached whole, training/page_cache.py): a GET only sets the cookie."""
    if request.method == "GET":
        return _language_switch_get(request)
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


def _language_switch_get(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)  # a URL, never a view name
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Each dependency's state for the load balancer and monitoring: 503 when a
    required one fails (training/health.py). Everyone gets the status; only
    staff and the monitoring token get each dependency's details
    (training/monitoring.py)."""
    report, ready = health_report()
    if not monitoring_allowed(request):
        report = {"status": report["status"]}
    return JsonResponse(report, status=200 if ready else 503)


# Seconds a client is asked to wait while the database restarts or fails over.
RETRY_AFTER_SECONDS = 10


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, except while the database cannot be reached (a restart,
    a failover, SQLite locked for too long): then 503 with Retry-After, so that
    proxies and clients know to try again. Rendered without a request context,
    as the context processors may need the database."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """`CSRF_FAILURE_VIEW`: a form sent from a page that was open too long, or
    after signing in again in another tab. Says what happened and links back
    to the form (only on this site), where the browser usually still has what
    was typed."""
    referer = request.META.get("HTTP_REFERER", "")
    back = (
        referer
        if url_has_allowed_host_and_scheme(
            referer,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
        else ""
    )
    return TemplateResponse(request, "403_csrf.html", {"back": back}, status=403)


# Entries of the privacy log on "Mijn gegevens"; the download holds them all.
PRIVACY_LOG_SHOWN = 100


@never_cache
@login_required
def personal_data_view(request: HttpRequest) -> HttpResponse:
    """What the platform stores about the signed-in person: a page that explains
    it, and with ?download=json the data itself as a JSON file (GDPR access and
    portability). Only ever the person's own data."""
    if request.GET.get("download") != "json":
        entries = privacy_log_for_person(user=request.user)[:PRIVACY_LOG_SHOWN]
        return TemplateResponse(
            request,
            "training/personal_data.html",
            {
                "accesses": [(entry, actor_label(entry)) for entry in entries],
                "shown": PRIVACY_LOG_SHOWN,
            },
        )
    privacy_log_add(
        actor=request.user,
        subject=request.user,
        action=PrivacyAction.EXPORTED,
        source=PrivacySource.OWN_DATA,
    )
    now = timezone.now()
    # One language throughout: the keys are Dutch, so labels and statuses are too.
    with translation.override(settings.LANGUAGE_CODE):
        document = {
            "toelichting": _(
                "Alle gegevens die Bijblijven over je bewaart, op het moment van "
                "downloaden."
            ),
            "gedownload_op": iso(now),
            "gegevens": personal_data_collect(user=request.user),
        }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"bijblijven-mijn-gegevens-{now:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    """The signed-in person changes their name, profession and language, and
    finds the pages for their email address, password and data."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_profile_update(user=user, **form.cleaned_data)
            language = form.cleaned_data["preferred_language"]
            translation.activate(language)
            messages.success(request, _("Je gegevens zijn opgeslagen."))
            response = redirect("profile")
            response.set_cookie(  # as Django's set_language sets it
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
        status = 400
    else:
        form = ProfileForm(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "profession": user.profession,
                "preferred_language": user.preferred_language,
            }
        )
        status = 200
    return TemplateResponse(
        request, "training/profile.html", {"form": form}, status=status
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_erase_view(request: HttpRequest) -> HttpResponse:
    """The person erases their own account after typing their password
    (rate limited like allauth's reauthentication); they are signed out."""
    user = request.user
    form = AccountEraseForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            form.add_error(
                None, _("Te veel pogingen. Probeer het over een minuut opnieuw.")
            )
        elif form.is_valid():
            try:
                account_erase(
                    user=user,
                    actor=user,
                    revoke_certificates=form.revoke_certificates,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Je account en je gegevens zijn gewist."))
                return redirect("/")
    return TemplateResponse(
        request, "training/account_erase.html", {"form": form}, status=status
    )
