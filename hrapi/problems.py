"""Errors as RFC 9457 problem details (``application/problem+json``): ``type``
(a link to the problem's explanation on the API's documentation page),
``title``, ``status`` and ``detail``. Titles are fixed English text, the same
in every language, so a client may compare them; ``detail`` explains this
occurrence."""

from __future__ import annotations

import json

from django.http import HttpResponse

PROBLEM_TYPE = "application/problem+json"

# status: (slug for the type URI, title)
PROBLEMS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Missing, unknown or revoked API key"),
    403: ("forbidden", "The API key's scope does not allow this"),
    404: ("not-found", "Not found"),
    409: ("conflict", "Conflicts with another record"),
    422: ("invalid", "The request is not valid"),
    429: ("rate-limited", "Too many requests"),
    500: ("server-error", "Server error"),
}
DOCS_PATH = "/api/v1/docs/"


def problem_type(status: int) -> str:
    return f"{DOCS_PATH}#problem-{PROBLEMS[status][0]}"


def problem_response(status: int, detail: str, **extra) -> HttpResponse:
    body = {
        "type": problem_type(status),
        "title": PROBLEMS[status][1],
        "status": status,
        "detail": detail,
        **extra,
    }
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    response["Cache-Control"] = "no-store"
    return response
