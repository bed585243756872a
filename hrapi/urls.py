"""/api/v1/ (the API, its schema and documentation page) and the key
management page in an organisation's area."""

from django.urls import include, path

from hrapi import views
from hrapi.api import api
from hrapi.audit import urls_audited

urlpatterns = [
    path("api/v1/docs/", views.docs, name="hrapi_docs"),
    path("api/v1/", include(*urls_audited(api.urls))),
    path(
        "organisatie/<int:organisation_id>/api-sleutels/",
        views.keys,
        name="hrapi_keys",
    ),
    path(
        "organisatie/<int:organisation_id>/api-sleutels/<int:key_id>/intrekken/",
        views.key_revoke,
        name="hrapi_key_revoke",
    ),
]
