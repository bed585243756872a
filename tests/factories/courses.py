"""Builders for course trees: catalogue > course > module > lessons."""

import datetime
from dataclasses import dataclass

from wagtail.models import Page

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    ReferralCard,
    SubstanceCard,
)

LESSON_BODY = [
    ("heading", {"text": "Waar het om gaat", "level": "h2"}),
    ("text", "<p>Een korte les voor de test.</p>"),
    (
        "sources",
        {"items": [{"title": "Bron", "publisher": "Test", "url": "", "year": "2024"}]},
    ),
]


@dataclass
class CourseTree:
    catalogue: CourseIndexPage
    course: CoursePage
    modules: list[ModulePage]
    lessons: list[LessonPage]


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def catalogue_create(home: Page) -> CourseIndexPage:
    existing = CourseIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return publish_child(home, CourseIndexPage(title="Cursussen", slug="cursussen"))


def course_tree_create(
    home: Page,
    *,
    slug: str = "cursus",
    title: str = "Testcursus",
    modules: int = 2,
    lessons_per_module: int = 2,
    validity_months: int = 24,
    refresher_modules: int = 1,
) -> CourseTree:
    """A published course with ``modules`` × ``lessons_per_module`` lessons; the
    first ``refresher_modules`` modules form the refresher path."""
    catalogue = catalogue_create(home)
    course = publish_child(
        catalogue,
        CoursePage(
            title=title,
            slug=slug,
            summary="Een cursus voor de test.",
            learning_goals="<ul><li>Je kunt testen.</li></ul>",
            validity_months=validity_months,
        ),
    )
    module_pages, lesson_pages = [], []
    for m in range(modules):
        module = publish_child(
            course,
            ModulePage(
                title=f"Module {m + 1}",
                slug=f"module-{m + 1}",
                in_refresher_path=m < refresher_modules,
            ),
        )
        module_pages.append(module)
        for n in range(lessons_per_module):
            lesson_pages.append(
                publish_child(
                    module,
                    LessonPage(
                        title=f"Les {m + 1}.{n + 1}",
                        slug=f"les-{m + 1}-{n + 1}",
                        body=LESSON_BODY,
                        content_owner="Redactie",
                        review_by=datetime.date(2030, 1, 1),
                    ),
                )
            )
    return CourseTree(catalogue, course, module_pages, lesson_pages)


def substance_card_create(
    *, slug: str = "3-mmc", review_by: datetime.date | None = None, **fields
) -> SubstanceCard:
    """A published substance card (its name is the slug in capitals) on list I
    of the Opium Act (Stb. 2024, 90)."""
    values = {
        "name": slug.upper(),
        "street_names": "miauw, kristal",
        "substance_class": "Synthetisch cathinon",
        "effects": "<p>Opwekkend.</p>",
        "risks": "<p>Hartkloppingen.</p>",
        "legal_status": "<p>Toelichting.</p>",
        "opium_act_list": "I",
        "legal_reference": "Stb. 2024, 90",
        "legal_reference_url": "https://zoek.officielebekendmakingen.nl/stb-2024-90.html",
        "legal_checked_by": "Redactie",
        "legal_status_checked": datetime.date(2026, 11, 1),
        "harm_reduction": "<p>Laat testen.</p>",
        "content_owner": "Redactie",
        "review_by": review_by or datetime.date(2027, 6, 1),
        **fields,
    }
    card = SubstanceCard(slug=slug, **values)
    card.save()
    card.save_revision().publish()
    card.refresh_from_db()
    return card


def referral_card_create(*, slug: str = "tactus-zwolle", **fields) -> ReferralCard:
    """A published referral card."""
    values = {
        "service": "Tactus Verslavingszorg",
        "region": "Zwolle",
        "target_group": "Mensen die chemsex hebben",
        "offer": "<p>Gesprekken.</p>",
        "contact": "<p>Via de huisarts.</p>",
        "content_owner": "Redactie",
        "review_by": datetime.date(2027, 6, 1),
        **fields,
    }
    card = ReferralCard(slug=slug, **values)
    card.save()
    card.save_revision().publish()
    return card


def card_publish(card, **changes):
    """Publish a new revision of ``card`` with ``changes``, as the admin does."""
    for name, value in changes.items():
        setattr(card, name, value)
    card.save_revision().publish()
    card.refresh_from_db()
    return card
