from django.urls import path

from assessments.views.attempt import attempt_view
from assessments.views.quiz import quiz_start
from assessments.views.result import result_view

app_name = "assessments"

urlpatterns = [
    path("<int:quiz_id>/starten/", quiz_start, name="start"),
    path("poging/<uuid:public_id>/", attempt_view, name="attempt"),
    path("poging/<uuid:public_id>/uitslag/", result_view, name="result"),
]
