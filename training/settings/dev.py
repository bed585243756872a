"""Local development: debug on, a fixed insecure key unless one is given."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .env import env_bool

DEBUG = True
# The demo's trainer, reviewer and managers sign in without a second factor in
# `make run` (MFA_REQUIRED=true to try the requirement); production requires it.
MFA_REQUIRED = env_bool("MFA_REQUIRED", default=False)
# Passkeys on http://127.0.0.1 (browsers allow WebAuthn on localhost only).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
# Serve from the finders so `make run` never shows stale CSS.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
