from django.urls import path

from registers import views

urlpatterns = [
    path("", views.numbers, name="register_numbers"),
    path(
        "<slug:code>/verwijderen/", views.number_delete, name="register_number_delete"
    ),
]
