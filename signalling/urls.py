"""/signaleringen/: a signal for the people it reached."""

from django.urls import path

from signalling.views import signal_detail

app_name = "signalling"

urlpatterns = [
    path("<int:signal_id>/", signal_detail, name="detail"),
]
