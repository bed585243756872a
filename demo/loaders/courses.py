"""Course trees (catalogue > course > module > lesson) from YAML.

Quizzes and scenarios in a module are handed to the loaders registered in
``MODULE_EXTRA_LOADERS`` (``quiz`` and ``scenario`` keys), which live with the apps
that own those page types.
"""

import datetime
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from courses.models import (
    Audience,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    Topic,
)
from demo.loaders.cards import CONTENT, read_yaml
from demo.loaders.media import demo_media_ensure
from demo.loaders.streams import ContentError, block_to_raw, comparable

# key in a module's YAML → function(module_page, data, course_data) -> bool changed
MODULE_EXTRA_LOADERS: dict[str, Callable] = {}

CATALOGUE_INTRO = (
    "<p>Alle cursussen van Bijblijven. Filter op je beroep of een onderwerp, of "
    "zoek op een woord.</p>"
)


def course_files() -> list[Path]:
    return sorted((CONTENT / "courses").glob("*.yaml"))


def catalogue_ensure(home: Page) -> CourseIndexPage:
    catalogue = CourseIndexPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = CourseIndexPage(
            title="Cursusaanbod", slug="cursussen", intro=CATALOGUE_INTRO
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    return catalogue


def _publish(page: Page, parent: Page, created: bool) -> None:
    if created:
        parent.add_child(instance=page)
    else:
        page.save()
    page.save_revision().publish()


def _set_fields(page: Page, fields: dict) -> bool:
    changed = False
    for name, value in fields.items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    return changed


def _keep_yaml_order(parent: Page, slugs: list[str]) -> None:
    """A page added to an existing demo database lands last; move the children the
    YAML names into its order, so a new module sits before the one with the quiz."""
    present = [page.slug for page in parent.get_children() if page.slug in slugs]
    wanted = [slug for slug in slugs if slug in present]
    if present == wanted:
        return
    for slug in wanted:
        # fetched again each time: a move changes the tree paths of the siblings
        page = Page.objects.child_of(parent).get(slug=slug)
        page.move(parent, pos="last-child")


def _child(parent: Page, model, slug: str):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    return existing, existing is None


def _lesson_load(module: ModulePage, data: dict, where: str, media: dict) -> bool:
    lesson, created = _child(module, LessonPage, data["slug"])
    lesson = lesson or LessonPage(slug=data["slug"])
    review_by = data.get("review_by") or datetime.date(2027, 6, 1)
    if not isinstance(review_by, datetime.date):
        review_by = datetime.date.fromisoformat(str(review_by))
    changed = _set_fields(
        lesson,
        {
            "title": data["title"],
            "summary": data.get("summary", ""),
            "minutes": int(data.get("minutes", 10)),
            "required": bool(data.get("required", True)),
            "content_owner": data.get("owner", "Redactie Bijblijven"),
            "review_by": review_by,
        },
    )
    raw = [
        block_to_raw(block, where=f"{where} > {data['slug']}", media=media)
        for block in data.get("body", [])
    ]
    new_body = LessonPage.body.field.stream_block.to_python(raw)
    if created or comparable(lesson.body) != comparable(new_body):
        lesson.body = new_body
        changed = True
    if created or changed:
        _publish(lesson, module, created)
    return created or changed


def _module_load(
    course: CoursePage, data: dict, course_data: dict, where: str, media: dict
) -> bool:
    module, created = _child(course, ModulePage, data["slug"])
    module = module or ModulePage(slug=data["slug"])
    changed = _set_fields(
        module,
        {
            "title": data["title"],
            "summary": data.get("summary", ""),
            "in_refresher_path": data["slug"]
            in (course_data.get("refresher_modules") or []),
        },
    )
    if created or changed:
        _publish(module, course, created)
    for lesson in data.get("lessons", []):
        changed |= _lesson_load(module, lesson, f"{where} > {data['slug']}", media)
    _keep_yaml_order(module, [lesson["slug"] for lesson in data.get("lessons", [])])
    for key, loader in MODULE_EXTRA_LOADERS.items():
        if data.get(key):
            changed |= loader(module, data[key], course_data)
    return created or changed


def _goals_html(goals: list[str]) -> str:
    items = "".join(f"<li>{goal}</li>" for goal in goals)
    return f"<ul>{items}</ul>"


@transaction.atomic
def course_load(catalogue: CourseIndexPage, path: Path) -> CoursePage:
    data = read_yaml(path)
    where = path.name
    media = demo_media_ensure()
    course, created = _child(catalogue, CoursePage, data["slug"])
    course = course or CoursePage(slug=data["slug"])
    changed = _set_fields(
        course,
        {
            "title": data["title"],
            "summary": data["summary"],
            "intro": data.get("intro", ""),
            "learning_goals": _goals_html(data.get("learning_goals", [])),
            "duration_minutes": int(data.get("duration_minutes", 60)),
            "validity_months": int(data.get("validity_months", 24)),
            "renewal_mode": "refresher" if data.get("refresher_modules") else "full",
        },
    )
    if created or changed:
        _publish(course, catalogue, created)
    audiences = list(Audience.objects.filter(code__in=data.get("audiences", [])))
    topics = list(
        Topic.objects.filter(
            slug__in=data.get("topics", []),
            locale__language_code=settings.LANGUAGE_CODE,
        )
    )
    unknown = set(data.get("topics", [])) - {t.slug for t in topics}
    if unknown:
        raise ContentError(f"{where}: unknown topics {sorted(unknown)}")
    relations_changed = set(course.audiences.all()) != set(audiences) or set(
        course.topics.all()
    ) != set(topics)
    if relations_changed:
        course.audiences.set(audiences)
        course.topics.set(topics)
        course.save()
        course.save_revision().publish()
    for module in data.get("modules", []):
        _module_load(course, module, data, where, media)
    _keep_yaml_order(course, [module["slug"] for module in data.get("modules", [])])
    return course


def prerequisites_link(catalogue: CourseIndexPage) -> None:
    """Second pass: prerequisites name other courses by slug."""
    for path in course_files():
        data = read_yaml(path)
        slugs = data.get("prerequisites") or []
        if not slugs:
            continue
        course = CoursePage.objects.child_of(catalogue).get(slug=data["slug"])
        wanted = set(CoursePage.objects.child_of(catalogue).filter(slug__in=slugs))
        if set(course.prerequisites.all()) != wanted:
            course.prerequisites.set(wanted)
            course.save()
            course.save_revision().publish()


def courses_load(home: Page) -> list[CoursePage]:
    catalogue = catalogue_ensure(home)
    loaded = [course_load(catalogue, path) for path in course_files()]
    prerequisites_link(catalogue)
    return loaded
