"""English translations of the demo: home page, catalogue, course 1, the
substance cards and the topics, from ``demo/content/courses/en/`` and
``demo/content/en/``.

Translations are Wagtail translations of the Dutch source (same translation key,
locale "en"); ``training.i18n`` shows them at the same URL when the interface
language is English. Idempotent like the other loaders.
"""

from django.db import transaction
from wagtail.models import Locale, Page

from assessments.scenarios.models import ScenarioPage
from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    SubstanceCard,
    Topic,
)
from demo.loaders.cards import CONTENT, read_yaml
from demo.loaders.courses import _goals_html, _set_fields
from demo.loaders.media import demo_media_ensure
from demo.loaders.quiz_translations import questions_translate, quiz_translate
from demo.loaders.scenarios import scenario_translate
from demo.loaders.streams import block_to_raw, comparable
from training.models import HomePage

HOME_EN = {
    "title": "Bijblijven",
    "intro": (
        "Bijblijven keeps professionals up to date on 3-MMC, new psychoactive "
        "substances and chemsex: short, recurring training for GPs, police and "
        "enforcement, addiction care, prevention, public health, hospitals, "
        "therapists, youth work and LGBTIQ+ organisations. Knowledge and "
        "conversation skills, with a certificate you renew in time."
    ),
    "body": [
        ("heading", {"text": "Why Bijblijven?", "level": "h2"}),
        (
            "text",
            "<p>The drug market changes fast. After 3-MMC was banned in 2021, "
            "successors appeared, and since 1 July 2025 the Dutch Opium Act bans whole "
            "groups of new substances. Anyone who talks with people who use drugs "
            "needs current knowledge. The QuickScan 3-MMC in Zwolle (2024) therefore "
            "recommends recurring training for professionals.</p>",
        ),
        ("heading", {"text": "How it works", "level": "h2"}),
        (
            "text",
            "<ul><li>Choose the courses that fit your profession.</li>"
            "<li>Learn in short lessons, test your knowledge and practise "
            "conversations in scenarios.</li><li>Receive a certificate with a QR "
            "code that anyone can verify, and a reminder before it expires.</li>"
            "<li>When the content changes in an important way, you hear what "
            "changed and update only that part.</li></ul>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "For organisations",
                "text": "<p>Practice managers, team leaders and HR see at a glance "
                "who holds a valid certificate and who needs to renew soon.</p>",
            },
        ),
        ("heading", {"text": "Available in English", "level": "h2"}),
        (
            "text",
            "<p>The course '3-MMC and new psychoactive substances' is available in "
            "English. The other courses are in Dutch; their titles and texts are "
            "shown in Dutch.</p>",
        ),
    ],
}
CATALOGUE_EN = {
    "title": "Courses",
    "intro": "<p>All Bijblijven courses. Filter by your profession or a topic, or "
    "search for a word.</p>",
}


def _translation(source: Page, locale: Locale) -> tuple[Page, bool]:
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    return source.copy_for_translation(locale).specific, True


def _publish_if(page: Page, changed: bool) -> None:
    if changed or not page.live:
        page.save()
        page.save_revision().publish()


def _page_translate(source: Page, locale: Locale, fields: dict) -> Page:
    page, created = _translation(source, locale)
    changed = _set_fields(page, fields) or created
    _publish_if(page, changed)
    return page


def _lesson_translate(source: LessonPage, locale: Locale, data: dict, media) -> None:
    page, created = _translation(source, locale)
    changed = _set_fields(
        page, {"title": data["title"], "summary": data.get("summary", "")}
    )
    raw = [
        block_to_raw(block, where=f"en > {data['slug']}", media=media)
        for block in data.get("body", [])
    ]
    body = LessonPage.body.field.stream_block.to_python(raw)
    if created or comparable(page.body) != comparable(body):
        page.body = body
        changed = True
    _publish_if(page, changed or created)


@transaction.atomic
def english_content_load() -> int:
    """Returns the number of translated courses."""
    locale, _created = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale__language_code="nl").first()
    catalogue = CourseIndexPage.objects.filter(locale__language_code="nl").first()
    if home is None or catalogue is None:
        return 0
    _page_translate(home, locale, HOME_EN)
    _page_translate(catalogue, locale, CATALOGUE_EN)
    _cards_translate(locale)
    _topics_translate(locale)
    media = demo_media_ensure()
    count = 0
    for path in sorted((CONTENT / "courses" / "en").glob("*.yaml")):
        data = read_yaml(path)
        course = (
            CoursePage.objects.child_of(catalogue).filter(slug=data["slug"]).first()
        )
        if course is None:
            continue
        _page_translate(
            course,
            locale,
            {
                "title": data["title"],
                "summary": data["summary"],
                "intro": data.get("intro", ""),
                "learning_goals": _goals_html(data.get("learning_goals", [])),
            },
        )
        for module_data in data.get("modules", []):
            module = (
                ModulePage.objects.child_of(course)
                .filter(slug=module_data["slug"])
                .first()
            )
            if module is None:
                continue
            _page_translate(
                module,
                locale,
                {
                    "title": module_data["title"],
                    "summary": module_data.get("summary", ""),
                },
            )
            for lesson_data in module_data.get("lessons", []):
                lesson = (
                    LessonPage.objects.child_of(module)
                    .filter(slug=lesson_data["slug"])
                    .first()
                )
                if lesson is not None:
                    _lesson_translate(lesson, locale, lesson_data, media)
            _scenario_translate(module, locale, module_data.get("scenario"))
            quiz_translate(module, locale, module_data.get("quiz"))
        questions_translate(locale, data.get("question_bank"))
        count += 1
    return count


def _scenario_translate(module: ModulePage, locale: Locale, data: dict | None):
    if not data:
        return
    source = ScenarioPage.objects.child_of(module).filter(slug=data["slug"]).first()
    if source is not None:
        scenario_translate(source, locale, data)


CARD_TEXT_FIELDS = (
    "name",
    "substance_class",
    "effects",
    "risks",
    "combinations",
    "routes",
    "legal_status",
    "harm_reduction",
)


def _cards_translate(locale: Locale) -> None:
    path = CONTENT / "en" / "substances.yaml"
    if not path.exists():
        return
    for row in read_yaml(path):
        source = SubstanceCard.objects.filter(
            slug=row["slug"], locale__language_code="nl"
        ).first()
        if source is None:
            continue
        card = source.get_translation_or_none(locale)
        created = card is None
        if created:
            card = source.copy_for_translation(locale)
        changed = _set_fields(
            card, {name: row[name] for name in CARD_TEXT_FIELDS if name in row}
        )
        if created or changed or not card.live:
            card.live = True
            card.save()
            card.save_revision().publish()


def _topics_translate(locale: Locale) -> None:
    """English names and descriptions of the topics (courses keep linking to the
    Dutch ones; the catalogue shows the translation)."""
    path = CONTENT / "en" / "topics.yaml"
    if not path.exists():
        return
    for row in read_yaml(path):
        source = Topic.objects.filter(
            slug=row["slug"], locale__language_code="nl"
        ).first()
        if source is None:
            continue
        topic = source.get_translation_or_none(locale)
        created = topic is None
        if created:
            topic = source.copy_for_translation(locale)
        changed = _set_fields(
            topic, {"name": row["name"], "description": row.get("description", "")}
        )
        if created or changed:
            topic.save()
