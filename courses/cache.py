"""Caching the parts of course pages that are the same for every visitor.

A course's *tree version* is read with one aggregate query over the course and its
live descendants (how many, latest publish); any publish, unpublish, delete or new
material change alters it, so cached outlines never outlive the content, even with
a per-process cache and several app servers.
"""

from django.core.cache import cache
from django.db.models import Count, Max
from wagtail.models import Page

from courses.models import CoursePage

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
    """``selectors.course_outline`` through the cache, keyed by tree version."""
    from courses.selectors import course_outline

    key = f"course-outline:{version}"
    outline = cache.get(key)
    if outline is None:
        outline = course_outline(course=course)
        cache.set(key, outline, OUTLINE_TIMEOUT)
    return outline
