"""The LTI 1.3 endpoints (docs/lti.md lists them for an LMS administrator)."""

from django.urls import path

from lti import views

app_name = "lti"
urlpatterns = [
    path("jwks/", views.jwks_view, name="jwks"),
    path("login/", views.login_view, name="login"),
    path("launch/", views.launch_view, name="launch"),
    path("deep-link/", views.deep_link_view, name="deep_link"),
]
