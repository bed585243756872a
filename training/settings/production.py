"""Production: refuses to start without a secret key, the public address and a
sender address; HTTPS everywhere.

Passes ``manage.py check --deploy`` with no warnings (tested).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, SITE_BASE_URL
from .env import env_bool, env_int, env_str

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        "in production."
    )
# Links in emails, QR codes and credentials must not follow a request's Host header.
if not SITE_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_BASE_URL must be set in production to the site's public address, such "
        "as https://leren.example.org (emails, QR codes and credentials link to it)."
    )
if not env_str("DEFAULT_FROM_EMAIL"):
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL must be set in production, such as "
        "'Bijblijven <noreply@leren.example.org>' (the sender of every email)."
    )

# Derived from the secret key, the signing keys would die with a secret rotation.
if len(env_str("OPEN_BADGES_KEY_ENCRYPTION_KEY")) < 32:
    raise ImproperlyConfigured(
        "OPEN_BADGES_KEY_ENCRYPTION_KEY must be set in production to a random string "
        "of at least 32 characters, kept apart from DJANGO_SECRET_KEY (it encrypts "
        "the certificate signing keys; see docs/deployment.md on rotation)."
    )

# A short token could be guessed; an empty one turns token access off.
if 0 < len(env_str("MONITORING_TOKEN")) < 32:
    raise ImproperlyConfigured(
        "MONITORING_TOKEN must be at least 32 random characters, or empty (then "
        "only staff read /health/'s details and /metrics; see docs/deployment.md)."
    )

DEBUG = False
# The demo creates accounts with a published password.
DEMO_CONTENT_ALLOWED = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A load balancer probes each app server over plain HTTP; /health/ tells it no
# more than the status without the token (training/monitoring.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}

# One JSON object a line with the request id (training/request_logging.py), for
# the log collector; development keeps the plain lines.
LOGGING = {
    **LOGGING,
    "formatters": {"json": {"()": "training.request_logging.json_formatter"}},
    "handlers": {
        "console": {**LOGGING["handlers"]["console"], "formatter": "json"},
    },
}
