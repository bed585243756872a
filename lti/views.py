"""The LTI 1.3 endpoints an LMS calls: our JWKS, the third-party login initiation,
the launch (resource links and deep-linking requests) and the deep-linking
choice. The login and launch are requests from the LMS's page (cross-site, often
in an iframe, without our CSRF token): they are CSRF-exempt because LTI's state
cookie and signed id_token protect them instead. The deep-linking choice is
exempt too (our own CSRF cookie is not sent inside a cross-site iframe); it
carries a signed, expiring token that only the validated launch hands out."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.contrib.auth import login
from django.core import signing
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import (
    DjangoCacheDataStorage,
    DjangoMessageLaunch,
    DjangoOIDCLogin,
)
from pylti1p3.deep_link import DeepLink
from pylti1p3.exception import LtiException, OIDCException

from lti import claims as lti_claims
from lti.keys import tool_jwks
from lti.models import PlatformRegistration
from lti.selectors import courses_for_deep_linking
from lti.services.deep_linking import course_resource
from lti.services.launch import LaunchRefused, launch_nonce_use, resource_launch_accept
from lti.tool_config import RegistrationToolConf, registration_for_pylti

logger = logging.getLogger(__name__)
DEEP_LINK_SALT = "lti.deep-link"
DEEP_LINK_MAX_AGE = 60 * 60  # seconds: the time an instructor has to choose


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _shown_in_platform(response, *, registration: PlatformRegistration, **extra):
    """Let the LMS frame this page (deep linking opens in its dialog), and add
    any other sources the page needs (the form's return URL)."""
    origins = sorted(
        {_origin(registration.issuer), _origin(registration.auth_login_url)}
    )
    response._csp_update = {"frame-ancestors": origins, **extra}
    return response


def _refused(request, message: str, status: int = 403) -> HttpResponse:
    return render(request, "lti/refused.html", {"message": message}, status=status)


@require_GET
def jwks_view(request):
    return JsonResponse(tool_jwks())


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    """OIDC third-party login initiation: answer with the authentication request
    to the registration's auth login URL (state cookie and nonce stored)."""
    oidc_login = DjangoOIDCLogin(
        request, RegistrationToolConf(), launch_data_storage=DjangoCacheDataStorage()
    )
    try:
        return oidc_login.redirect(request.build_absolute_uri(reverse("lti:launch")))
    except (LtiException, OIDCException) as error:
        logger.info("LTI login refused: %s", error)
        return _refused(request, _("Dit leerplatform is niet bij ons aangemeld."), 400)


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_POST
def launch_view(request):
    """The id_token launch: validated by PyLTI1p3 (state, signature, audience,
    expiry, deployment), then our nonce check against replays."""
    tool_conf = RegistrationToolConf()
    message_launch = DjangoMessageLaunch(
        request, tool_conf, launch_data_storage=DjangoCacheDataStorage()
    )
    try:
        claims = message_launch.get_launch_data()
        launch_nonce_use(issuer=claims["iss"], nonce=claims["nonce"])
    except LtiException as error:
        logger.info("LTI launch refused: %s", error)
        return _refused(
            request, _("Deze aanmelding vanuit je leerplatform is ongeldig.")
        )
    except LaunchRefused as error:
        return _refused(request, str(error))
    registration = tool_conf.registration
    if message_launch.is_deep_link_launch():
        return _deep_link_choice(request, registration=registration, claims=claims)
    if not message_launch.is_resource_launch():
        return _refused(request, _("Dit soort aanmelding ondersteunen we niet."), 400)
    try:
        accepted = resource_launch_accept(registration=registration, claims=claims)
    except LaunchRefused as error:
        return _refused(request, str(error))
    login(request, accepted.user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(accepted.course.url)


def _deep_link_choice(request, *, registration: PlatformRegistration, claims: dict):
    if not lti_claims.may_place_courses(claims):
        return _refused(request, _("Alleen docenten en beheerders kiezen een cursus."))
    token = signing.dumps(
        {
            "registration": registration.pk,
            "deployment_id": claims[lti_claims.DEPLOYMENT_ID],
            "settings": claims[lti_claims.DEEP_LINKING_SETTINGS],
        },
        salt=DEEP_LINK_SALT,
    )
    response = render(
        request,
        "lti/deep_link.html",
        {"courses": courses_for_deep_linking(), "token": token},
    )
    return _shown_in_platform(response, registration=registration)


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_POST
def deep_link_view(request):
    """The chosen course goes back to the LMS as an ltiResourceLink in a deep-
    linking response JWT signed with our key (an auto-submitting form)."""
    try:
        choice = signing.loads(
            request.POST.get("token", ""),
            salt=DEEP_LINK_SALT,
            max_age=DEEP_LINK_MAX_AGE,
        )
    except signing.BadSignature:
        return _refused(
            request, _("Deze keuze is verlopen; begin opnieuw in je leerplatform.")
        )
    registration = PlatformRegistration.objects.filter(
        pk=choice["registration"], is_active=True
    ).first()
    course = courses_for_deep_linking().filter(pk=request.POST.get("course")).first()
    if registration is None or course is None:
        return HttpResponseBadRequest(_("Kies een cursus."))
    deep_link = DeepLink(
        registration_for_pylti(registration),
        choice["deployment_id"],
        choice["settings"],
    )
    resource = course_resource(
        course=course, launch_url=request.build_absolute_uri(reverse("lti:launch"))
    )
    jwt_value = deep_link.get_response_jwt([resource])
    return_url = choice["settings"]["deep_link_return_url"]
    response = render(
        request,
        "lti/deep_link_return.html",
        {"return_url": return_url, "jwt": jwt_value},
    )
    return _shown_in_platform(
        response, registration=registration, **{"form-action": [_origin(return_url)]}
    )
