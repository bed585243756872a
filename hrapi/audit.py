"""Every API call leaves a row (`ApiCall`): the key (when one was recognised),
method, path, status and time, whether it was answered, refused or failed."""

from __future__ import annotations

import time
from functools import wraps

from hrapi.services import api_call_record


def audited(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        started = time.monotonic()
        request.hr_api_key = None
        status = 500
        try:
            response = view(request, *args, **kwargs)
            status = response.status_code
            return response
        finally:
            api_call_record(
                key=request.hr_api_key,
                method=request.method,
                path=request.get_full_path(),
                status=status,
                duration_ms=int((time.monotonic() - started) * 1000),
            )

    return wrapped


def urls_audited(urls: tuple) -> tuple:
    """django-ninja's (patterns, app_name, namespace) with each view wrapped in
    `audited`, as `include()` takes it."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        pattern.callback = audited(pattern.callback)
    return (patterns, app_name), namespace
