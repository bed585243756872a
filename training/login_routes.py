"""Every sign-in, password reset and sign-out goes through allauth.

Wagtail ships its own login and password-reset views (``/beheer/login/``,
``/beheer/password_reset/``, ``/_util/login/`` for login-only pages). They
bypass allauth's rate limits, lockout and email verification, so these routes,
placed before Wagtail's, send each of them to allauth's page instead; the
query string (``next``) goes along.
"""

from allauth.account.views import LogoutView
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, re_path, reverse


def _to(url_name: str):
    def redirect_view(request: HttpRequest, *args, **kwargs) -> HttpResponseRedirect:
        target = reverse(url_name)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(f"{target}?{query}" if query else target)

    return redirect_view


urlpatterns = [
    path("beheer/login/", _to("account_login")),
    path("beheer/logout/", LogoutView.as_view()),
    re_path(r"^beheer/password_reset/", _to("account_reset_password")),
    path("_util/login/", _to("account_login")),
]
