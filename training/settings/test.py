"""Test runs: fast hashing, in-memory mail, tasks run immediately, no manifest."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "media" / "test"  # noqa: F405
# Tests never call out: the sending tests point this at a local server.
PE_ONLINE_URL = ""
# Rate limits would make the e2e and fuzz tests depend on their order.
ACCOUNT_RATE_LIMITS = False
# Role tests sign in as trainers and managers; tests/training/test_mfa.py turns
# the requirement on.
MFA_REQUIRED = False
ALLOWED_HOSTS = ["*"]
# A file, not memory: concurrency tests and the browser tests' live server use
# several connections at once.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # TEST_DB_SUFFIX lets several test runs share a checkout without sharing a file.
    _suffix = os.environ.get("TEST_DB_SUFFIX", "")
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / f"test-db{_suffix}.sqlite3")  # noqa: F405
    }

# Parallel runs (pytest-xdist, `make test`): each worker (gw0, gw1, ...) gets its own
# media folder and, with Redis, its own Redis database, since tests empty the cache;
# pytest-django already gives each worker its own test database.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    MEDIA_ROOT = MEDIA_ROOT / _WORKER
    if REDIS_URL:  # noqa: F405
        from urllib.parse import urlsplit, urlunsplit

        _url = urlsplit(REDIS_URL)  # noqa: F405
        _base = int(_url.path.strip("/") or 0)
        _database = (_base - int(_WORKER.removeprefix("gw"))) % 16
        CACHES["default"]["LOCATION"] = urlunsplit(  # noqa: F405
            _url._replace(path=f"/{_database}")
        )
