from django.urls import path

from courses.views.my_learning import my_learning_view

app_name = "courses"

urlpatterns = [
    path("", my_learning_view, name="my_learning"),
]
