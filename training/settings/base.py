"""Settings shared by every environment, read from the environment with safe local
defaults. ``dev``, ``test`` and ``production`` only flip toggles on top of this."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import (
    cache_from_url,
    database_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "training.views.csrf_failure"
# Public address for emails, QR codes and credentials. Required in production;
# elsewhere, when empty, taken from the request (training/site_url.py).
SITE_BASE_URL = env_str("SITE_BASE_URL").rstrip("/")

INSTALLED_APPS = [
    # Site apps first so their templates override allauth's and Wagtail's.
    "training",
    "courses",
    "assessments",
    "assessments.scenarios",
    "certificates",
    "signalling",
    "organisations",
    "registers",
    "lti",
    "hrapi",
    "demo",
    "sso",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth.mfa's passkey list uses it
    "csp",
    "ninja",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id.
    "training.request_logging.RequestIdMiddleware",
    # Counts and times every request, the cached pages' too (training/metrics.py).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "training.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "training.site_url.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "training.middleware.AdminNoAccessMiddleware",
    "training.mfa.SecondFactorRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "training.middleware.PermissionsPolicyMiddleware",
    "training.middleware.ObjectIdMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "training.page_cache.PageLookupCacheMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Content-Security-Policy (django-csp): the public site runs no inline script or
# style, so only files from this origin. The Wagtail admin ships inline scripts
# and styles of its own and keeps Django's and Wagtail's other protections.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/beheer/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# Browser features no page of the site uses.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

ROOT_URLCONF = "training.urls"
WSGI_APPLICATION = "training.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "training.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_env(default_url=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = {"default": cache_from_url(REDIS_URL)}
# With a cache every process shares (Redis): sessions are read from it (written
# to the database too), and a learner's own fragments are cached until they
# change (training/learner_cache.py). With each process's own memory neither
# is safe: a sign-out or a change in one process would not reach the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
LEARNER_FRAGMENT_CACHE = env_bool("LEARNER_FRAGMENT_CACHE", default=bool(REDIS_URL))
# Entries keyed by a generation or revision also kept in each process's memory
# (training/local_cache.py); only safe when the generation is shared.
LOCAL_IMMUTABLE_CACHE = env_bool("LOCAL_IMMUTABLE_CACHE", default=bool(REDIS_URL))

AUTH_USER_MODEL = "training.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's rules with the site's wording (training/password_validation.py).
_VALIDATORS = "training.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email is the login; addresses are verified before first login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "training.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "training.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bijblijven] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

# Sign-in through an organisation's own identity provider (OpenID Connect, sso/).
# The providers are configured per organisation in the admin, not here.
# Accounts are keyed on the provider's `sub`: an email address alone never
# signs anyone in to an existing account (docs/sso.md).
SOCIALACCOUNT_ADAPTER = "sso.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# The sign-up form asks the profession (and an email address when the provider
# sends none) once, at the first sign-in.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# Seconds an ID token's iat/nbf/exp may be off from our clock (a provider's
# clock that runs a little ahead otherwise fails every sign-in).
SSO_ID_TOKEN_LEEWAY = env_int("SSO_ID_TOKEN_LEEWAY", default=60)

# Behind N reverse proxies the client is the Nth address from the right in
# X-Forwarded-For; rate limits (allauth's and the verification page's) count
# per client, not per proxy. 0: the connecting address (no proxy).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)

# Two factors (allauth.mfa): an authenticator app or a passkey, with recovery
# codes; required for admin users and organisation managers (training.mfa).
MFA_REQUIRED = env_bool("MFA_REQUIRED", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Bijblijven"
MFA_PASSKEY_LOGIN_ENABLED = True

# The Wagtail admin signs in through the same allauth pages as learners.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Content translations use Wagtail's built-in localisation (docs/decisions.md):
# translated pages and cards are shown at the same URL in the interface language.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "training.node_static.NodePackageFinder",
]
# Only the npm files the templates link to (training/node_static.py says why).
NODE_MODULES = BASE_DIR / "node_modules"
NODE_STATIC_FILES = {
    "vendor/utrecht/index.css": "@utrecht/component-library-css/dist/index.css",
    "vendor/utrecht-tokens/theme.css": "@utrecht/design-tokens/dist/theme.css",
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# The only media a proxy (or DEBUG's runserver) may serve straight from MEDIA_ROOT;
# documents, certificate PDFs and exports go through views that check permission.
MEDIA_PUBLIC_FOLDERS = ["images", "original_images"]
# Who sends a private file once its view allowed it: "" (Django streams it),
# "x-accel-redirect" (nginx, from MEDIA_SENDFILE_URL) or "x-sendfile"
# (training/sendfile.py).
MEDIA_SENDFILE = env_str("MEDIA_SENDFILE")
if MEDIA_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured(
        "MEDIA_SENDFILE must be empty, 'x-accel-redirect' or 'x-sendfile'."
    )
MEDIA_SENDFILE_URL = env_str("MEDIA_SENDFILE_URL", "/_media_privaat/")
SENDFILE_BACKEND = "training.sendfile"
# Documents through Wagtail's view, which checks the collection's restrictions,
# whatever storage is configured (the default would redirect to a remote URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# For staging: the file backend writes each email into this folder.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Bijblijven <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds one SMTP conversation may take (Django's default waits forever).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=30)
# The outbox (training.outbox): tries per email before it is marked failed, and
# days a sent email's record is kept.
EMAIL_OUTBOX_MAX_ATTEMPTS = env_int("EMAIL_OUTBOX_MAX_ATTEMPTS", default=8)
EMAIL_OUTBOX_KEEP_DAYS = env_int("EMAIL_OUTBOX_KEEP_DAYS", default=30)

# Background work goes through the Django Tasks API; production uses the database
# backend with `manage.py db_worker` (docs/deployment.md).
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# PE-online's attendance web service (registers.services.sending): the `.asmx`
# address, the provider account bought from Xaurum, and whether that account is
# still in Xaurum's test mode (rows checked, no points written; a new connection
# starts in it). Without a URL nothing is sent and records stay pending.
PE_ONLINE_URL = env_str("PE_ONLINE_URL")
PE_ONLINE_USER_ID = env_str("PE_ONLINE_USER_ID")
PE_ONLINE_KEY = env_str("PE_ONLINE_KEY")
PE_ONLINE_TEST_MODE = env_bool("PE_ONLINE_TEST_MODE", default=True)
# Seconds to connect and to wait for each read of one call.
PE_ONLINE_TIMEOUT = env_int("PE_ONLINE_TIMEOUT", default=30)
# How ProcessXML is called: "post" (HTTP POST, form field sXML) or "soap" (1.1).
PE_ONLINE_BINDING = env_str("PE_ONLINE_BINDING", "post").lower()
if PE_ONLINE_BINDING not in ("post", "soap"):
    raise ImproperlyConfigured(
        f"PE_ONLINE_BINDING must be post or soap, not {PE_ONLINE_BINDING!r}."
    )
if PE_ONLINE_URL and not (PE_ONLINE_USER_ID and PE_ONLINE_KEY):
    raise ImproperlyConfigured(
        "PE_ONLINE_URL is set: PE_ONLINE_USER_ID and PE_ONLINE_KEY must be set too "
        "(the provider account bought from Xaurum)."
    )

# Certificates and Open Badges 3.0 (certificates/). Both secrets default to values
# derived from DJANGO_SECRET_KEY; set them explicitly to rotate that key freely.
OPEN_BADGES_ISSUER_NAME = env_str("OPEN_BADGES_ISSUER_NAME", "Bijblijven")
OPEN_BADGES_SUBJECT_SALT = env_str("OPEN_BADGES_SUBJECT_SALT")
OPEN_BADGES_KEY_ENCRYPTION_KEY = env_str("OPEN_BADGES_KEY_ENCRYPTION_KEY")
# Emailed invitations an organisation may send in 24 hours (a full staff import
# of 2,000 rows fits).
INVITATIONS_PER_ORGANISATION_PER_DAY = env_int(
    "INVITATIONS_PER_ORGANISATION_PER_DAY", default=2500
)
# `load_demo_content` may run (production turns it off: published passwords).
DEMO_CONTENT_ALLOWED = True
CERTIFICATE_REMINDER_DAYS = [
    int(days)
    for days in env_list("CERTIFICATE_REMINDER_DAYS", default=["60", "30", "7", "0"])
]
# Hours a finished XLSX export can be downloaded (organisations).
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", default=24)
# Days a view or export of someone's data stays in the privacy log (training).
PRIVACY_LOG_RETENTION_DAYS = env_int("PRIVACY_LOG_RETENTION_DAYS", default=365)
CERTIFICATE_EXPIRING_DAYS = env_int("CERTIFICATE_EXPIRING_DAYS", default=60)
CERTIFICATE_VERIFY_RATE_LIMIT = env_int("CERTIFICATE_VERIFY_RATE_LIMIT", default=30)
# Calls one HR API key may make per minute (hrapi); 0 turns the limit off.
HR_API_RATE_LIMIT = env_int("HR_API_RATE_LIMIT", default=120)
# Days a row of the HR API's call log is kept (`manage.py prune_api_calls`).
HR_API_CALL_RETENTION_DAYS = env_int("HR_API_CALL_RETENTION_DAYS", default=365)
# How long issuing waits for a lock before leaving the certificate to the retry.
CERTIFICATE_ISSUE_LOCK_TIMEOUT_MS = env_int(
    "CERTIFICATE_ISSUE_LOCK_TIMEOUT_MS", default=5000
)

# Monitoring (training/monitoring.py): the bearer token that reads /health/'s
# details and /metrics, and whether /metrics also answers requests from this
# machine without it (off: behind a local proxy every request comes from there).
MONITORING_TOKEN = env_str("MONITORING_TOKEN")
METRICS_ALLOW_LOOPBACK = env_bool("METRICS_ALLOW_LOOPBACK", default=False)

WAGTAIL_SITE_NAME = "Bijblijven"
# Wagtail's notification emails cannot follow the request: a fixed fallback.
WAGTAILADMIN_BASE_URL = SITE_BASE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"),
    *("mp4", "webm"),
]
WAGTAILDOCS_INLINE_CONTENT_TYPES = [
    *("application/pdf", "text/plain"),
    *("video/mp4", "video/webm"),
]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # bytes
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # bytes
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Draftail named by its field's label (training/widgets.py)
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "training.widgets.LabelledDraftailRichTextArea"},
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"request_id": {"()": "training.request_logging.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
