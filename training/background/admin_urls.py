from django.urls import path

from training.background import admin_views

app_name = "background_admin"

urlpatterns = [
    path("", admin_views.background_index, name="index"),
    path(
        "<uuid:task_id>/opnieuw/",
        admin_views.background_requeue,
        name="requeue",
    ),
]
