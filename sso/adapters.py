"""allauth's social-account hooks for organisation sign-in: the apps come from
`sso.models.IdentityProvider`; a first sign-in whose address already has an
account waits until the person proves they own it; a new account becomes a
member of the provider's organisation."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.http import HttpResponseRedirect
from django.urls import reverse

from sso.linking import link_pending_store
from sso.selectors import social_apps_list
from sso.services import sso_membership_ensure
from training.models import User


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return apps + social_apps_list(provider=provider, client_id=client_id)

    def pre_social_login(self, request, sociallogin):
        # A known `sub` signs in to its own account, whatever its email says now.
        if sociallogin.is_existing:
            return
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        for address in sociallogin.email_addresses:
            if User.objects.filter(email__iexact=address.email).exists():
                link_pending_store(
                    request=request, sociallogin=sociallogin, email=address.email
                )
                raise ImmediateHttpResponse(HttpResponseRedirect(reverse("sso_link")))

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        sso_membership_ensure(user=user, provider_slug=sociallogin.account.provider)
        return user
