"""Two factors for everyone who can see other people's data.

Anyone with access to the Wagtail admin (trainers, reviewers, administrators)
and anyone an app names through the `MFA_REQUIRED_HOOK` (organisation managers)
must sign in with a second factor (allauth.mfa: an authenticator app or a
passkey, with recovery codes). Until they have set one up, every page except
their own account pages leads to setting it up; learners may add one but need
not. `MFA_REQUIRED` switches the requirement (on in production).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from training.context_processors import user_can_access_admin

MFA_REQUIRED_HOOK = "bijblijven_mfa_required"  # fn(user) -> bool
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SESSION_KEY = "bijblijven_has_second_factor"
ROLE_TIMEOUT = 60  # seconds a user's 'needs two factors' answer is cached
# The person's own account pages (setting up the factor, signing out), and what
# any page needs to load.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")


def mfa_required_for(user) -> bool:
    if user_can_access_admin(user):
        return True
    key = f"mfa-required:{user.pk}"
    required = cache.get(key)
    if required is None:
        required = any(check(user) for check in hooks.get_hooks(MFA_REQUIRED_HOOK))
        cache.set(key, required, ROLE_TIMEOUT)
    return required


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class SecondFactorRequiredMiddleware:
    """Sends a person who must use two factors and has none to the page that
    sets up an authenticator app, with a message saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                _(
                    "Je hebt toegang tot gegevens van anderen. Stel eerst "
                    "tweestapsverificatie in: een code uit een authenticator-app "
                    "of een passkey bij het inloggen."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = getattr(request, "user", None)
        if not settings.MFA_REQUIRED or user is None or not user.is_authenticated:
            return False
        if request.path.startswith(OPEN_PREFIXES):
            return False
        if request.session.get(SESSION_KEY) or not mfa_required_for(user):
            return False
        if has_second_factor(user):
            request.session[SESSION_KEY] = True
            return False
        return True
