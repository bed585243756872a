"""The WSGI entry point leaves what it loaded out of full garbage collections
(training/wsgi.py): without it, one dashboard request in two of a 5,000-person
organisation spent 230 ms walking the process's startup objects."""

import os
import subprocess
import sys

from django.conf import settings


def test_loading_the_wsgi_application_freezes_the_startup_objects():
    code = "import gc, training.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "training.settings.test"},
    )
    assert int(done.stdout.strip().splitlines()[-1]) > 10_000
