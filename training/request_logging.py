"""A request id on every request, its response and each log line it causes.

`RequestIdMiddleware` takes the proxy's ``X-Request-ID`` when it is a sane value
(letters, digits and ``._:-``, at most 128: nothing that could break a log line
or a header) and otherwise makes one; the response carries it back, so a person
reporting an error page, the proxy's access log and our log lines can be matched.
`RequestIdFilter` puts it on each log record as ``request_id`` ("-" outside a
request). Production writes records as JSON (`json_formatter`,
training/settings/production.py); development keeps the plain lines.

Imported by the logging configuration before the apps load: no models here.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
NO_REQUEST = "-"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_from(given: str) -> str:
    """The proxy's id when it is sane, else a new one."""
    return given if _SANE.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in `MIDDLEWARE`, so that every other middleware logs with the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER, ""))
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Sets ``record.request_id``. Django logs a 4xx or 5xx response
    (``django.request``) after the middleware has returned; those records carry
    the request, which carries its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current.get()
        return True


def json_formatter() -> JsonFormatter:
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger,
    message, request_id, and any extra fields (``exc_info`` as text). The
    request object Django attaches is left out: its text is the path, which may
    hold a token."""
    return JsonFormatter(
        ["levelname", "name", "message", "request_id"],
        rename_fields={"levelname": "level", "name": "logger"},
        reserved_attrs=[*RESERVED_ATTRS, "request"],
        timestamp=True,
    )
