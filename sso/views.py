"""The sign-in page that sends people of an organisation with its own
identity provider there, and the page that links such a sign-in to an
existing account once the person has signed in to it."""

from allauth.account.utils import get_next_redirect_url
from allauth.account.views import LoginView
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sso.linking import link_pending_email, link_pending_take
from sso.models import IdentityProvider
from sso.selectors import identity_provider_for_email, identity_provider_origins
from sso.services import sso_account_link


def provider_redirect(request: HttpRequest, provider: IdentityProvider, email: str):
    """Start the OpenID Connect sign-in at `provider` (state, PKCE and the
    redirect come from allauth), suggesting the typed address to it."""
    social_provider = get_social_adapter().get_provider(request, provider.slug)
    return social_provider.redirect(
        request,
        AuthProcess.LOGIN,
        next_url=get_next_redirect_url(request),
        auth_params={**social_provider.get_auth_params(), "login_hint": email},
    )


class OrganisationLoginView(LoginView):
    """allauth's sign-in page. An address whose domain has an organisation's
    identity provider goes there without a password being checked here; the
    button "Inloggen via je organisatie" needs no password field filled in."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The form's POST is answered with a redirect to the provider, and the
        # browser applies this page's form-action to that redirect too.
        if origins := identity_provider_origins():
            response._csp_update = {"form-action": origins}
        return response

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        email = request.POST.get("login", "").strip()
        provider = identity_provider_for_email(email=email)
        # Someone proving they own an existing account signs in with the password.
        linking = bool(email) and email.lower() == link_pending_email(request=request)
        if provider is not None and not linking:
            return provider_redirect(request, provider, email)
        # The organisation button with a password typed: an ordinary sign-in.
        if "sso" in request.POST and not linking and not request.POST.get("password"):
            form = self.get_form_class()(request=request, initial={"login": email})
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    sso_error=_(
                        "Voor dit e-mailadres is geen inlogdienst van een "
                        "organisatie ingesteld. Log in met je wachtwoord."
                    ),
                )
            )
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
def link_view(request: HttpRequest) -> HttpResponse:
    """Step 1 (signed out): explain and send to the password sign-in.
    Step 2 (signed in to the account with that address): confirm the link."""
    email = link_pending_email(request=request)
    if not email:
        return redirect("account_login")
    if not request.user.is_authenticated:
        login_url = reverse("account_login")
        query = urlencode({"next": reverse("sso_link")})
        return render(
            request,
            "sso/link.html",
            {"email": email, "login_url": f"{login_url}?{query}"},
        )
    if request.method == "POST":
        sociallogin = link_pending_take(request=request)
        if sociallogin is None:
            return redirect("account_login")
        try:
            sso_account_link(
                request=request, sociallogin=sociallogin, user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("/")
        messages.success(
            request,
            _("Je kunt nu inloggen via je organisatie."),
        )
        return redirect("/")
    return render(request, "sso/link_confirm.html", {"email": email})
