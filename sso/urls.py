"""Organisation sign-in. Listed before allauth's URLs: the sign-in page and
the OpenID Connect views keep allauth's paths and names."""

from django.urls import path

from sso import oidc, views

urlpatterns = [
    path(
        "accounts/login/", views.OrganisationLoginView.as_view(), name="account_login"
    ),
    path("accounts/oidc/<str:provider_id>/login/", oidc.oidc_login),
    path("accounts/oidc/<str:provider_id>/login/callback/", oidc.oidc_callback),
    path("accounts/organisatie-koppelen/", views.link_view, name="sso_link"),
]
