"""WSGI entry point (gunicorn training.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.dev")
application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, every app's modules) lives as long as
# the process: keep it out of the garbage collector's full passes, which walked
# all of it every few requests on pages that build many objects (the
# 5,000-person dashboard: one request in two took 330 ms instead of 95 ms,
# bench/compliance.py; docs/decisions.md).
gc.freeze()
