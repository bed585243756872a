"""The site's public base URL, for links that leave the page: emails, QR codes,
Open Badges credentials.

Production sets ``SITE_BASE_URL`` (its settings refuse to start without it). In
development and tests, when it is not set, links follow the request being served,
so a server on port 8811 puts 8811 in its QR codes; outside a request (a
management command, a task run later) they use the last request this process
served, and before any request ``DEVELOPMENT_DEFAULT``.
"""

from contextvars import ContextVar

from django.conf import settings

DEVELOPMENT_DEFAULT = "http://127.0.0.1:8000"

_request_origin: ContextVar[str | None] = ContextVar("request_origin", default=None)
_last_origin = DEVELOPMENT_DEFAULT


def site_base_url() -> str:
    """Scheme and host (with port), without a trailing slash."""
    return settings.SITE_BASE_URL or _request_origin.get() or _last_origin


class RequestOriginMiddleware:
    """Remembers the origin of the request being served, for ``site_base_url``
    when ``SITE_BASE_URL`` is not set. Runs after CommonMiddleware, so the host
    has been checked against ``ALLOWED_HOSTS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_BASE_URL:
            return self.get_response(request)
        global _last_origin
        origin = f"{request.scheme}://{request.get_host()}"
        _last_origin = origin
        token = _request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
