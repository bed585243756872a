"""The header and footer every page shows, rendered once per language, host,
page-cache generation and kind of visitor, not on every request (issue 21: on a
signed-in page they took two cache round trips, the catalogue page's URL and the
footer links, and a tenth of the rendering).

What differs per request is left as a placeholder and put in afterwards: the
CSRF token of the sign-out and language forms, and the path the language form
returns to. What differs per person is in the key: signed in or not, and
whether the "Beheer" link shows. Nothing else of the person is in the header or
footer; a new personal part must get a placeholder or a key part of its own.

The key holds the page-cache generation, which any publish, settings, site or
card change raises, so the entries are kept in each process's memory in front
of the shared cache (``training.local_cache``). On only with a cache every
process shares (``LOCAL_IMMUTABLE_CACHE``): with each process's own memory the
generation is not shared, so the templates are rendered on every request.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from training.context_processors import user_can_access_admin
from training.local_cache import immutable_get, immutable_set
from training.page_cache import page_cache_generation

TIMEOUT = 60 * 60  # seconds; a change raises the generation, so a new key
CSRF_PLACEHOLDER = "bbchromecsrf5d0e2f7a"
NEXT_PLACEHOLDER = "bbchromenext9a4c1e6b"
PARTS = {"header": "includes/header.html", "footer": "includes/footer.html"}


def enabled() -> bool:
    return getattr(settings, "LOCAL_IMMUTABLE_CACHE", False)


def chrome_html(request, name: str) -> SafeString:
    """The rendered ``name`` part ("header" or "footer") for this request."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    raw = "|".join(
        [
            name,
            str(page_cache_generation()),
            translation.get_language() or "",
            request.get_host(),
            str(signed_in),
            str(signed_in and user_can_access_admin(user)),
        ]
    )
    key = f"chrome:{hashlib.sha256(raw.encode()).hexdigest()}"
    html = immutable_get(key)
    if html is None:
        html = render_to_string(
            PARTS[name],
            {"csrf_token": CSRF_PLACEHOLDER, "language_next": NEXT_PLACEHOLDER},
            request=request,
        )
        immutable_set(key, html, TIMEOUT)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    html = html.replace(NEXT_PLACEHOLDER, escape(request.get_full_path()))
    # Rendered by the template engine, which escaped what it had to.
    return mark_safe(html)  # noqa: S308
