"""URL configuration: accounts, the Wagtail admin at /beheer/, app URLs, then
Wagtail's page serving as the catch-all."""

from pathlib import Path

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from training import login_routes, views
from training.metrics import metrics_view

urlpatterns = login_routes.urlpatterns + [
    path("", include("sso.urls")),
    path("accounts/mijn-gegevens/", views.personal_data_view, name="personal_data"),
    path("accounts/profiel/", views.profile_view, name="profile"),
    path("accounts/account-wissen/", views.account_erase_view, name="account_erase"),
    path("accounts/registratienummers/", include("registers.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", views.language_switch, name="set_language"),
    path("health/", views.health, name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("beheer/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("mijn-leeromgeving/", include("courses.urls")),
    path("organisatie/", include("organisations.urls")),
    path("toetsen/", include("assessments.urls")),
    path("signaleringen/", include("signalling.urls")),
    path("lti/", include("lti.urls")),
    path("", include("hrapi.urls")),
    path("", include("certificates.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media only, as the proxy in production (docs/deployment.md).
    for folder in settings.MEDIA_PUBLIC_FOLDERS:
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/",
            document_root=Path(settings.MEDIA_ROOT) / folder,
        )

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "training.views.server_error"
