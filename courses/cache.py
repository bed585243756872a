"""Caching the parts of course pages that are the same for every visitor.

A course's *tree version* is read with one aggregate query over the course and its
live descendants (how many, latest publish); any publish, unpublish, delete or new
material change alters it, so cached outlines never outlive the content, even with
a per-process cache and several app servers.
"""

from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef
from django.db.models.functions import Substr
from django.utils import translation
from wagtail.models import Page

from courses.models import CoursePage
from training.i18n import localized_map
from training.local_cache import fresh_generation, immutable_get, immutable_set
from training.page_cache import page_cache_generation

OUTLINE_TIMEOUT = 60 * 60  # seconds
# The version itself is cached briefly; publishing, unpublishing, moving or deleting
# a page clears it at once (``course_tree_changed``). With a per-process cache and
# several app servers, other processes see a change within this many seconds.
VERSION_TIMEOUT = 30  # seconds


def _version_key(course_id: int) -> str:
    return f"course-tree-version:{course_id}"


def course_tree_version(*, course: CoursePage) -> str:
    key = _version_key(course.pk)
    version = cache.get(key)
    if version is None:
        version = _course_tree_version(course)
        cache.set(key, version, VERSION_TIMEOUT)
    return version


ROUTES_GENERATION_KEY = "course-routes-generation"


def catalogue_route(*, catalogue: Page, path_components: list[str]):
    """``(content type id, page id)`` of the live page at this path below the
    catalogue, ``"hidden"`` when an unpublished ancestor hides it, ``None`` when
    there is none. Cached until any page in a course changes."""
    generation = cache.get_or_set(ROUTES_GENERATION_KEY, fresh_generation, None)
    url_path = f"{catalogue.url_path}{'/'.join(path_components)}/"
    key = f"course-route:{generation}:{catalogue.pk}:{url_path}"
    found = immutable_get(key, "missing")
    if found == "missing":
        found = _route_lookup(catalogue, path_components, url_path)
        immutable_set(key, found, OUTLINE_TIMEOUT)
    return found


def _route_lookup(catalogue: Page, path_components: list[str], url_path: str):
    depth = catalogue.depth + len(path_components)
    hidden_ancestor = Page.objects.filter(
        live=False,
        depth__gt=catalogue.depth,
        depth__lt=depth,
        path=Substr(OuterRef("path"), 1, F("depth") * Page.steplen),
    )
    row = (
        Page.objects.filter(
            path__startswith=catalogue.path, depth=depth, url_path=url_path, live=True
        )
        .annotate(hidden=Exists(hidden_ancestor))
        .values_list("content_type_id", "pk", "hidden")
        .first()
    )
    if row is None:
        return None
    return "hidden" if row[2] else (row[0], row[1])


def course_tree_changed(*, page: Page) -> None:
    """Forget the tree version of the course ``page`` is in (or is), and every
    cached catalogue route."""
    try:
        cache.incr(ROUTES_GENERATION_KEY)
    except ValueError:
        cache.set(ROUTES_GENERATION_KEY, fresh_generation(), None)
    prefixes = [page.path[: depth * Page.steplen] for depth in range(1, page.depth + 1)]
    for course_id in CoursePage.objects.filter(path__in=prefixes).values_list(
        "pk", flat=True
    ):
        cache.delete(_version_key(course_id))


def _course_tree_version(course: CoursePage) -> str:
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


# --- Per-learner display caches ----------------------------------------------
STATUS_TIMEOUT = 60 * 10  # seconds


def _progress_key(user_id: int) -> str:
    return f"learner-progress-generation:{user_id}"


def progress_changed(*, user_id: int) -> None:
    """A learner met a requirement: their cached course statuses are stale."""
    try:
        cache.incr(_progress_key(user_id))
    except ValueError:
        cache.set(_progress_key(user_id), 1, None)


def course_status_cached(*, user, course: CoursePage, outline, enrolment, version):
    """``selectors.course_completion_status`` for page display, cached until the
    learner meets a requirement (``progress_changed``), starts a new cycle or the
    course changes. Services that decide (certificates) use the uncached one."""
    from courses.selectors import course_completion_status

    generation = cache.get_or_set(_progress_key(user.pk), 0, None)
    key = _status_key(enrolment, version, generation)
    status = cache.get(key)
    if status is None:
        status = course_completion_status(
            user=user, course=course, outline=outline, enrolment=enrolment
        )
        cache.set(key, status, STATUS_TIMEOUT)
    return status


def _status_key(enrolment, version: str, generation: int) -> str:
    return (
        f"course-status:{enrolment.user_id}:{enrolment.course_id}:{enrolment.cycle}:"
        f"{enrolment.cycle_scope}:{version}:{generation}"
    )


def completion_statuses_cached(*, user, enrolments) -> dict:
    """``selectors.completion_statuses`` for page display, each status cached as
    ``course_status_cached`` caches it (the lesson and course pages share them).
    Once warm, no query whatever the number of enrolments; the missing statuses
    are computed together."""
    from courses.selectors import completion_statuses

    generation = cache.get_or_set(_progress_key(user.pk), 0, None)
    versions = {e.course_id: course_tree_version(course=e.course) for e in enrolments}
    keys = {e.pk: _status_key(e, versions[e.course_id], generation) for e in enrolments}
    found = cache.get_many(keys.values())
    statuses = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [e for e in enrolments if e.pk not in statuses]
    if missing:
        outlines = {
            e.course_id: course_outline_cached(
                course=e.course, version=versions[e.course_id]
            )
            for e in missing
        }
        fresh = completion_statuses(user=user, enrolments=missing, outlines=outlines)
        cache.set_many({keys[pk]: fresh[pk] for pk in fresh}, STATUS_TIMEOUT)
        statuses |= fresh
    return statuses


def course_of_cached(page: Page) -> CoursePage | None:
    """The course a page sits in, cached until any page changes: the page-cache
    generation (read once per request anyway) rather than the routes generation,
    a Redis round trip fewer on every lesson page."""
    key = f"course-of:{page_cache_generation()}:{page.path}"
    course = immutable_get(key, "missing")
    if course == "missing":
        course = CoursePage.objects.ancestor_of(page).first()
        immutable_set(key, course, OUTLINE_TIMEOUT)
    return course
