"""Trainer-facing admin: freshness report, warning on courses, snippets, workflow."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, ReferenceIndex, WorkflowPage
from wagtail.test.utils.form_data import rich_text

from courses.models import SubstanceCard
from courses.roles import TRAINERS, catalogue_roles_ensure
from courses.selectors import stale_content
from courses.workflow import WORKFLOW_NAME, review_workflow_ensure
from tests.factories.users import UserFactory, role_member_create

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


def substance_card(slug: str, review_by: datetime.date) -> SubstanceCard:
    card = SubstanceCard(
        name=slug.upper(),
        slug=slug,
        effects="<p>x</p>",
        risks="<p>x</p>",
        legal_status="<p>Lijst II</p>",
        legal_status_checked=TODAY,
        harm_reduction="<p>Laat testen.</p>",
        content_owner="Redactie",
        review_by=review_by,
    )
    card.save()
    card.save_revision().publish()
    return card


def place_card(lesson, card) -> None:
    lesson.body = [("substance_card", {"card": card})]
    lesson.save_revision().publish()
    ReferenceIndex.create_or_update_for_object(lesson)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_stale_cards_are_listed_with_the_courses_using_them(course_tree):
    overdue = substance_card("4-cmc", TODAY - datetime.timedelta(days=1))
    soon = substance_card("2-mmc", TODAY + datetime.timedelta(days=30))
    substance_card("mdma", TODAY + datetime.timedelta(days=31))
    place_card(course_tree.lessons[0], overdue)
    items = {item.obj: item for item in stale_content(today=TODAY)}
    assert set(items) == {overdue, soon}
    assert items[overdue].state == "overdue"
    assert items[overdue].courses == (course_tree.course,)
    assert items[soon].state == "soon"
    assert items[soon].courses == ()


def test_stale_lessons_are_listed_when_review_date_passed(course_tree):
    lesson = course_tree.lessons[1]
    lesson.review_by = TODAY - datetime.timedelta(days=5)
    lesson.save_revision().publish()
    items = stale_content(today=TODAY)
    assert [item.obj.pk for item in items] == [lesson.pk]
    assert items[0].courses == (course_tree.course,)


def test_freshness_report_shows_card_and_course_to_editors(admin_client, course_tree):
    card = substance_card("4-cmc", datetime.date(2020, 1, 1))
    place_card(course_tree.lessons[0], card)
    response = admin_client.get(reverse("courses_freshness_report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "4-CMC" in html
    assert course_tree.course.title in html


def test_freshness_report_is_refused_to_learners(learner_client):
    response = learner_client.get(reverse("courses_freshness_report"))
    assert response.status_code in {302, 403}


def test_course_edit_page_warns_when_it_uses_stale_content(admin_client, course_tree):
    card = substance_card("4-cmc", datetime.date(2020, 1, 1))
    place_card(course_tree.lessons[0], card)
    url = reverse("wagtailadmin_pages:edit", args=[course_tree.course.pk])
    html = admin_client.get(url).content.decode()
    assert "Deze cursus gebruikt inhoud die beoordeeld moet worden" in html
    assert "4-CMC" in html


def test_course_edit_page_has_no_warning_when_content_is_fresh(
    admin_client, course_tree
):
    url = reverse("wagtailadmin_pages:edit", args=[course_tree.course.pk])
    html = admin_client.get(url).content.decode()
    assert "Deze cursus gebruikt inhoud die beoordeeld moet worden" not in html


def test_substance_card_can_be_created_in_the_admin(admin_client):
    url = reverse("wagtailsnippets_courses_substancecard:add")
    response = admin_client.post(
        url,
        {
            "name": "Ketamine",
            "slug": "ketamine",
            "street_names": "keta, K",
            "substance_class": "Dissociatief middel",
            "effects": rich_text("<p>Effect</p>"),
            "risks": rich_text("<p>Risico</p>"),
            "combinations": rich_text(""),
            "routes": rich_text(""),
            "legal_status": rich_text("<p>Lijst I</p>"),
            "legal_status_checked": "2026-11-29",
            "harm_reduction": rich_text("<p>Advies</p>"),
            "sources-count": "0",
            "content_owner": "Redactie",
            "review_by": "2027-06-01",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    card = SubstanceCard.objects.get(slug="ketamine")
    assert card.live
    assert card.street_name_list == ["keta", "K"]


def test_review_workflow_guards_the_catalogue_when_ensured_twice(course_tree):
    reviewers = Group.objects.create(name="Reviewers")
    first = review_workflow_ensure(catalogue=course_tree.catalogue, reviewers=reviewers)
    second = review_workflow_ensure(
        catalogue=course_tree.catalogue, reviewers=reviewers
    )
    assert first == second
    assert first.name == WORKFLOW_NAME
    assert WorkflowPage.objects.get(page=course_tree.catalogue).workflow == first
    lesson_workflow = course_tree.lessons[0].get_workflow()
    assert lesson_workflow == first
    task = first.tasks.get().specific
    assert list(task.groups.all()) == [reviewers]


def test_card_and_its_translation_are_one_item_when_both_are_stale(course_tree):
    english = Locale.objects.get_or_create(language_code="en")[0]
    card = substance_card("4-cmc", TODAY - datetime.timedelta(days=3))
    translation = card.copy_for_translation(english)
    translation.review_by = TODAY - datetime.timedelta(days=9)
    translation.save()
    place_card(course_tree.lessons[0], card)
    items = stale_content(today=TODAY)
    assert [(item.obj, item.translations) for item in items] == [(card, (translation,))]
    assert items[0].review_by == translation.review_by
    assert items[0].courses == (course_tree.course,)


def test_freshness_report_links_only_to_what_the_reader_may_edit(client, course_tree):
    from django.contrib.auth.models import Permission

    card = substance_card("4-cmc", datetime.date(2020, 1, 1))
    place_card(course_tree.lessons[0], card)
    lesson = course_tree.lessons[1]
    lesson.review_by = datetime.date(2020, 1, 1)
    lesson.save_revision().publish()
    onlooker = UserFactory()
    onlooker.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(onlooker)
    html = client.get(reverse("courses_freshness_report")).content.decode()
    assert "4-CMC" in html
    assert lesson.title in html
    assert reverse("wagtailadmin_pages:edit", args=[lesson.pk]) not in html
    assert "/beheer/snippets/courses/substancecard/edit/" not in html

    catalogue_roles_ensure(course_tree.catalogue)
    client.force_login(role_member_create(TRAINERS))
    html = client.get(reverse("courses_freshness_report")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[lesson.pk]) in html
    assert f"/beheer/snippets/courses/substancecard/edit/{card.pk}/" in html


def test_lesson_preview_shows_the_draft_in_its_course_when_a_trainer_opens_it(
    client, course_tree
):
    """The preview of a lesson (and of its revisions) was a 500: the lesson
    template needs the course, which only the learner's view gave it."""
    catalogue_roles_ensure(course_tree.catalogue)
    client.force_login(role_member_create(TRAINERS))
    lesson = course_tree.lessons[0]
    lesson.title = "Conceptles in voorbeeld"
    revision = lesson.save_revision()
    for url in (
        reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[lesson.pk, revision.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Conceptles in voorbeeld" in response.content.decode()
        assert course_tree.course.title in response.content.decode()


def test_freshness_report_lists_referral_cards_whose_details_are_unchecked(
    admin_client,
):
    from courses.models import ReferralCard

    def referral(slug: str, needs_check: bool) -> None:
        card = ReferralCard(
            service=f"Dienst {slug}",
            slug=slug,
            region="Zwolle",
            target_group="Iedereen",
            offer="<p>Hulp.</p>",
            contact="<p>Telefoon: nog controleren.</p>",
            needs_check=needs_check,
            content_owner="Redactie",
            review_by=datetime.date(2027, 3, 1),
        )
        card.save()
        card.save_revision().publish()

    referral("regionaal", needs_check=True)
    referral("landelijk", needs_check=False)
    html = admin_client.get(reverse("courses_freshness_report")).content.decode()
    assert "Verwijskaarten met gegevens die nog gecontroleerd moeten worden" in html
    assert "Dienst regionaal" in html
    assert "Controleren vóór 01-03-2027." in html
    assert "Dienst landelijk" not in html
