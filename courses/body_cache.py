"""A lesson's body rendered once per published revision and language (issue 21).

Text, images, videos and substance and referral cards look the same to every
learner, so their HTML is rendered once and kept in the cache. A reflection
block holds the learner's own answer and a CSRF token: it stays a slot that the
lesson template fills per request, so the cached HTML never holds anything of
one learner.

The key holds the shown page (the translation when there is one), its live and
latest revision ids, the host (page links are relative to the site), the
interface language and the page-cache generation. A publish gives a new live
revision; the generation also rises on any other publish, unpublish, move or
delete and on every card change, so an edited fact card or a moved linked page
shows on the next request too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from training.local_cache import immutable_get, immutable_set
from training.page_cache import page_cache_generation

TIMEOUT = 60 * 60 * 24  # seconds; a new revision or generation changes the key
LIVE_BLOCK_TYPES = frozenset({"reflection"})


@dataclass(frozen=True)
class BodyPart:
    """One stretch of the body: shared HTML, or a block to render per learner."""

    html: SafeString
    live_block: object | None = None  # a StreamField child (reflection)


def _key(page, request) -> str | None:
    if page.pk is None or not (page.live_revision_id or page.latest_revision_id):
        return None  # content saved without revisions: nothing tells a change
    host = request.get_host() if request is not None else ""
    return (
        f"lesson-body:{page_cache_generation()}:{page.pk}:{page.live_revision_id}:"
        f"{page.latest_revision_id}:{host}:{translation.get_language()}"
    )


def _render(page, request) -> list[str | int]:
    """Adjacent shared blocks joined into one HTML string; a live block as its
    index in the body."""
    parts: list[str | int] = []
    shared: list[str] = []
    context = {"request": request, "page": page, "self": page}
    for index, block in enumerate(page.body):
        if block.block_type in LIVE_BLOCK_TYPES:
            if shared:
                parts.append("".join(shared))
                shared = []
            parts.append(index)
        else:
            shared.append(block.render_as_block(context=context))
    if shared:
        parts.append("".join(shared))
    return parts


def lesson_body_parts(*, page, request, cached: bool = True) -> list[BodyPart]:
    """``page``'s body as shared HTML and per-learner blocks, in order. Without
    ``cached`` (a preview of unsaved edits) the body is rendered afresh."""
    key = _key(page, request) if cached else None
    parts = immutable_get(key) if key else None
    if parts is None:
        parts = _render(page, request)
        if key:
            immutable_set(key, parts, TIMEOUT)
    return [
        BodyPart(html=SafeString(""), live_block=page.body[part])
        if isinstance(part, int)
        else BodyPart(html=mark_safe(part))  # noqa: S308 -- rendered by our templates
        for part in parts
    ]


def lesson_outline_html(*, request, outline, version: str, current, done_ids) -> str:
    """The lesson page's list of every part of the course, with the current page
    and the parts done marked. Cached per course tree version, language, host,
    current page and set of parts done: two learners who have done the same parts
    see the same list, and the key holds no one's identity."""
    done = ",".join(map(str, sorted(done_ids)))
    raw = (
        f"{version}|{translation.get_language()}|{request.get_host()}|"
        f"{current.pk}|{done}|{page_cache_generation()}"
    )
    key = f"lesson-outline:{hashlib.sha256(raw.encode()).hexdigest()}"
    html = immutable_get(key)
    if html is None:
        html = render_to_string(
            "courses/includes/outline.html",
            {
                "outline": outline,
                "done_ids": done_ids,
                "enrolled": True,
                "current": current,
            },
            request=request,
        )
        immutable_set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 -- rendered by our template
