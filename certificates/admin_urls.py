from django.urls import path

from certificates import admin_views

app_name = "certificates_admin"

urlpatterns = [
    path("", admin_views.certificate_index, name="index"),
    path("<int:pk>/", admin_views.certificate_detail, name="detail"),
]
