"""Who may read the monitoring details: `/health/`'s per-dependency report and
`/metrics`. Both name internal services and counts that are nobody else's
business; the load balancer needs only `/health/`'s status code, which everyone
gets.

Allowed: a staff member who is signed in, a request carrying
``Authorization: Bearer <MONITORING_TOKEN>`` (Prometheus sends it with
``authorization: {credentials: ...}``), and, for `/metrics` only and when
``METRICS_ALLOW_LOOPBACK`` is on, a request from this machine. Loopback is off
by default: behind a proxy on the same machine every visitor's request arrives
from 127.0.0.1.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def monitoring_token_matches(request: HttpRequest) -> bool:
    token = getattr(settings, "MONITORING_TOKEN", "")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def is_loopback(request: HttpRequest) -> bool:
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def monitoring_allowed(request: HttpRequest, *, loopback: bool = False) -> bool:
    """Whether `request` may read monitoring details; `loopback` lets requests
    from this machine in when ``METRICS_ALLOW_LOOPBACK`` is on."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    if monitoring_token_matches(request):
        return True
    return loopback and settings.METRICS_ALLOW_LOOPBACK and is_loopback(request)
