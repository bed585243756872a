from django.urls import path

from registers.admin_views import records_export, records_index, records_requeue_view

app_name = "registers_admin"

urlpatterns = [
    path("", records_index, name="index"),
    path("opnieuw-aanmelden/", records_requeue_view, name="requeue"),
    path(
        "export/<int:course_id>/<int:register_id>/<str:kind>/",
        records_export,
        name="export",
    ),
]
