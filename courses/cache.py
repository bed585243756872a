"""Caching the parts of course pages that are the same for every visitor.

A course's *tree version* is read with one aggregate query over the course and its
live descendants (how many, latest publish); any publish, unpublish, delete or new
material change alters it, so cached outlines never outlive the content, even with
a per-process cache and several app servers.
"""

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation
from wagtail.models import Page

from courses.models import CoursePage
from training.i18n import localized_map

OUTLINE_TIMEOUT = 60 * 60  # seconds


def course_tree_version(*, course: CoursePage) -> str:
    stats = (
        Page.objects.live()
        .descendant_of(course, inclusive=True)
        .aggregate(pages=Count("id"), published=Max("last_published_at"))
    )
    published = stats["published"].timestamp() if stats["published"] else 0
    return f"{course.pk}-{stats['pages']}-{published:.6f}"


def course_outline_cached(*, course: CoursePage, version: str):
    """``selectors.course_outline`` through the cache, keyed by tree version and
    interface language (titles are shown translated where a translation exists)."""
    from courses.selectors import course_outline

    key = f"course-outline:{version}:{translation.get_language()}"
    outline = cache.get(key)
    if outline is None:
        outline = course_outline(course=course)
        _translate_titles(outline)
        cache.set(key, outline, OUTLINE_TIMEOUT)
    return outline


def _translate_titles(outline) -> None:
    """Swap in translated titles and summaries. The outline's page objects are
    for display and navigation only and are never saved."""
    by_model: dict[type, list] = {}
    for page in [m.module for m in outline.modules] + outline.items:
        by_model.setdefault(type(page), []).append(page)
    for pages in by_model.values():
        translations = localized_map(pages)
        for page in pages:
            shown = translations.get(page.pk)
            if shown is not None:
                page.title = shown.title
                if "summary" in page.__dict__ and hasattr(shown, "summary"):
                    page.summary = shown.summary
