"""Legal status as structured data on a substance card: refused bad input, one
rendering everywhere, lessons that show the card's current value, and the
record of a changed fact when a revision is published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail import hooks
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Locale, ReferenceIndex

from courses.fact_hooks import FACT_CHANGED_HOOK
from courses.models import SubstanceCard
from courses.services import enrolment_create
from tests.factories.courses import card_publish, substance_card_create

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()  # the site's day, as the validation reads it


def _card(**fields) -> SubstanceCard:
    values = {
        "name": "3-MMC",
        "slug": "3-mmc",
        "effects": "<p>x</p>",
        "risks": "<p>x</p>",
        "harm_reduction": "<p>x</p>",
        "content_owner": "Redactie",
        "review_by": TODAY,
        "legal_status_checked": TODAY,
        "opium_act_list": "I",
        "legal_reference": "Stb. 2024, 90",
        "legal_checked_by": "Redactie",
        **fields,
    }
    return SubstanceCard(**values)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"legal_reference": ""}, "legal_reference"),
        ({"legal_checked_by": " "}, "legal_checked_by"),
        ({"opium_act_list": "", "opium_act_since": TODAY}, "opium_act_since"),
        (
            {"legal_reference": "", "legal_reference_url": "https://example.org"},
            "legal_reference",
        ),
        (
            {"legal_status_checked": TODAY + datetime.timedelta(days=1)},
            "legal_status_checked",
        ),
    ],
)
def test_card_is_refused_when_legal_status_is_incomplete(home_page, fields, field):
    with pytest.raises(ValidationError) as error:
        _card(**fields).clean()
    assert field in error.value.message_dict


def test_card_is_accepted_when_not_yet_checked_against_the_law(home_page):
    _card(opium_act_list="", legal_reference="", legal_checked_by="").clean()


def test_card_is_accepted_when_not_listed_without_reference(home_page):
    _card(opium_act_list="none", legal_reference="").clean()


def _lesson_with_fact(lesson, card, *, fact="legal_status", lead=""):
    lesson.body = [("fact", {"card": card, "fact": fact, "lead": lead})]
    lesson.save_revision().publish()
    ReferenceIndex.create_or_update_for_object(lesson)


def _lesson_html(client, user, course_tree, lesson) -> str:
    enrolment_create(user=user, course=course_tree.course)
    client.force_login(user)
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode()


def test_lesson_shows_current_list_when_card_changes_without_lesson_edit(
    client, user, course_tree
):
    card = substance_card_create(opium_act_list="II")
    lesson = course_tree.lessons[0]
    _lesson_with_fact(lesson, card, lead="Juridische status nu:")
    html = _lesson_html(client, user, course_tree, lesson)
    assert "Lijst II van de Opiumwet" in html
    revisions = lesson.revisions.count()
    card_publish(card, opium_act_list="I", opium_act_since=datetime.date(2024, 7, 1))
    html = client.get(lesson.url).content.decode()
    assert "Juridische status nu: <strong>Lijst I van de Opiumwet</strong>" in html
    assert "sinds 1 juli 2024" in html
    assert "Lijst II" not in html
    assert 'href="https://zoek.officielebekendmakingen.nl/stb-2024-90.html"' in html
    assert lesson.revisions.count() == revisions


def test_fact_block_shows_list_alone_when_short_fact_chosen(client, user, course_tree):
    card = substance_card_create(opium_act_list="IA", name="2-MMC", slug="2-mmc")
    _lesson_with_fact(course_tree.lessons[0], card, fact="opium_list")
    html = _lesson_html(client, user, course_tree, course_tree.lessons[0])
    assert "2-MMC: <strong>Groepslijst IA van de Opiumwet</strong>" in html
    assert "Stb. 2024, 90" not in html


def test_card_block_shows_structured_status_when_placed_in_a_lesson(
    client, user, course_tree
):
    card = substance_card_create(legal_checked_by="Dr. Jansen")
    lesson = course_tree.lessons[0]
    lesson.body = [("substance_card", {"card": card})]
    lesson.save_revision().publish()
    html = _lesson_html(client, user, course_tree, lesson)
    assert "Lijst I van de Opiumwet" in html
    assert "Gecontroleerd door Dr. Jansen op" in html


def test_unchecked_card_says_so_when_shown(client, user, course_tree):
    card = substance_card_create(
        opium_act_list="",
        legal_reference="",
        legal_reference_url="",
        legal_checked_by="",
    )
    _lesson_with_fact(course_tree.lessons[0], card)
    html = _lesson_html(client, user, course_tree, course_tree.lessons[0])
    assert "De plaats in de Opiumwet is nog niet gecontroleerd." in html


def test_fact_block_refuses_translated_card_when_chosen(home_page):
    from courses.blocks import SubstanceFactBlock

    card = substance_card_create()
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = card.copy_for_translation(english)
    translation.save()
    block = SubstanceFactBlock()
    value = block.to_python({"card": translation.pk, "fact": "legal_status"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "Nederlandse kaart" in str(error.value.block_errors["card"])
    block.clean(block.to_python({"card": card.pk, "fact": "legal_status"}))


# --- publishing a changed fact ------------------------------------------------------


@pytest.fixture
def changes():
    seen = []

    def record(card, before, after):
        seen.append((card.pk, before["list"], after["list"]))

    with hooks.register_temporarily(FACT_CHANGED_HOOK, record):
        yield seen


def test_first_publish_records_fact_without_change_when_card_is_new(home_page, changes):
    card = substance_card_create(opium_act_list="II")
    assert card.legal_fact_published["list"] == "II"
    assert card.legal_fact_changed_at is None
    assert changes == []


def test_publish_stamps_change_and_tells_apps_when_list_differs(home_page, changes):
    card = substance_card_create(opium_act_list="II")
    card_publish(card, opium_act_list="I")
    assert card.legal_fact_changed_at is not None
    assert card.legal_fact_published["list"] == "I"
    assert changes == [(card.pk, "II", "I")]


def test_publish_changes_nothing_when_only_text_or_check_date_changes(
    home_page, changes
):
    card = substance_card_create(opium_act_list="I")
    card_publish(card, risks="<p>Nieuw.</p>", legal_checked_by="Iemand anders")
    assert card.legal_fact_changed_at is None
    assert changes == []


def test_draft_changes_nothing_when_not_published(home_page, changes):
    card = substance_card_create(opium_act_list="II")
    card.opium_act_list = "I"
    card.save_revision()
    card.refresh_from_db()
    assert card.legal_fact_changed_at is None
    assert changes == []


def test_translation_publish_changes_nothing_when_its_copy_differs(home_page, changes):
    card = substance_card_create(opium_act_list="II")
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = card.copy_for_translation(english)
    translation.save()
    translation.save_revision().publish()
    card_publish(translation, opium_act_list="I")
    card.refresh_from_db()
    assert card.legal_fact_changed_at is None
    assert changes == []
