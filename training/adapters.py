"""allauth hooks: remember the interface language of the person who signs in;
emails name the site "Bijblijven", not the host that served the request."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from training.site_url import site_base_url


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's email templates read as ``current_site``. Without
    django.contrib.sites allauth used the request's host for both, so emails
    said "Hallo van 127.0.0.1:8811"."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "preferred_language", "")
        if language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
            )
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = SiteIdentity(
            name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(site_base_url()).netloc
        )
        super().send_mail(template_prefix, email, {"current_site": site, **context})
