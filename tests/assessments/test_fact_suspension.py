"""Questions tied to substance cards: a changed legal fact suspends them from new
draws until a reviewer confirms or edits them; started attempts keep their
snapshot; the card's edit page warns which quizzes would fall short."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from assessments.currency_selectors import quizzes_short_if_card_changes
from assessments.models import Question
from assessments.services import (
    AttemptRefused,
    attempt_start,
    question_facts_confirm,
)
from tests.factories.assessments import (
    category_create,
    question_create,
    quiz_create,
    staff_create,
)
from tests.factories.courses import card_publish, substance_card_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(home_page):
    return substance_card_create(opium_act_list="II")


@pytest.fixture
def tied(category, card):
    question = question_create(category=category, type="single", key="lijst-vraag")
    question.fact_cards.add(card)
    return question


def test_tied_question_is_suspended_when_card_list_is_published(tied, card):
    card_publish(card, opium_act_list="I")
    tied.refresh_from_db()
    assert tied.suspended_at is not None
    assert "3-MMC" in tied.suspended_reason


def test_untied_question_stays_drawable_when_card_changes(category, tied, card):
    other = question_create(category=category, type="single")
    card_publish(card, opium_act_list="I")
    other.refresh_from_db()
    assert other.suspended_at is None


def test_question_stays_drawable_when_change_is_only_a_draft(tied, card):
    card.opium_act_list = "I"
    card.save_revision()
    tied.refresh_from_db()
    assert tied.suspended_at is None


def test_new_attempt_skips_suspended_question_when_quiz_has_fixed_questions(
    course_tree, category, tied, card, enrolled
):
    other = question_create(category=category, type="true_false")
    quiz = quiz_create(course_tree.modules[0], questions=[tied, other])
    card_publish(card, opium_act_list="I")
    attempt = attempt_start(user=enrolled, quiz=quiz)
    assert [q["id"] for q in attempt.questions] == [other.pk]


def test_started_attempt_keeps_suspended_question_when_card_changes_later(
    course_tree, category, tied, card, enrolled
):
    other = question_create(category=category, type="true_false")
    quiz = quiz_create(course_tree.modules[0], questions=[tied, other])
    attempt = attempt_start(user=enrolled, quiz=quiz)
    card_publish(card, opium_act_list="I")
    attempt.refresh_from_db()
    assert [q["id"] for q in attempt.questions] == [tied.pk, other.pk]
    assert attempt_start(user=enrolled, quiz=quiz).pk == attempt.pk  # resumed


def test_draw_is_refused_when_suspension_empties_the_pool(
    course_tree, category, tied, card, enrolled
):
    quiz = quiz_create(course_tree.modules[0], draw={category: 1})
    card_publish(card, opium_act_list="I")
    with pytest.raises(AttemptRefused) as refused:
        attempt_start(user=enrolled, quiz=quiz)
    assert refused.value.code == "pool_too_small"


def test_confirm_makes_question_drawable_again_without_new_version(tied, card):
    card_publish(card, opium_act_list="I")
    tied.refresh_from_db()
    version = tied.version
    reviewer = UserFactory()
    assert question_facts_confirm(question=tied, user=reviewer) is True
    tied.refresh_from_db()
    assert tied.suspended_at is None
    assert tied.facts_reviewed_by == reviewer
    assert tied.version == version
    assert question_facts_confirm(question=tied, user=reviewer) is False


def test_warning_names_quizzes_that_would_fall_short_when_card_changes(
    course_tree, category, tied, card
):
    question_create(category=category, type="single")
    quiz = quiz_create(course_tree.modules[0], draw={category: 2}, title="Kennistoets")
    fixed = quiz_create(course_tree.modules[1], questions=[tied], title="Vaste toets")
    roomy = category_create()
    for _ in range(3):
        question_create(category=roomy)
    quiz_create(course_tree.modules[1], draw={roomy: 2}, title="Ruime toets")
    found = {
        item.quiz.pk: item.message for item in quizzes_short_if_card_changes(card=card)
    }
    assert set(found) == {quiz.pk, fixed.pk}
    assert "daar blijven er 1 over" in found[quiz.pk]
    assert "1 vaste vragen" in found[fixed.pk]


def _card_editor():
    user = staff_create("change_question", "view_question")
    group = user.groups.get()
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["change_substancecard", "publish_substancecard"],
        )
    )
    return user


def test_card_edit_page_warns_before_saving_when_quizzes_would_fall_short(
    client, course_tree, category, tied, card
):
    quiz_create(course_tree.modules[0], draw={category: 1}, title="Kennistoets")
    client.force_login(_card_editor())
    url = reverse("wagtailsnippets_courses_substancecard:edit", args=[card.pk])
    html = client.get(url).content.decode()
    assert "Let op voordat je de juridische status wijzigt" in html
    assert "Kennistoets trekt 1 vragen uit" in html


def test_confirm_view_refuses_user_when_not_allowed_to_change_questions(
    client, tied, card
):
    card_publish(card, opium_act_list="I")
    client.force_login(staff_create("view_question"))
    url = reverse("assessments_admin:facts_confirm", args=[tied.pk])
    assert client.post(url).status_code in (302, 403)
    tied.refresh_from_db()
    assert tied.suspended_at is not None


def test_confirm_view_lifts_suspension_when_reviewer_posts_twice(client, tied, card):
    card_publish(card, opium_act_list="I")
    client.force_login(staff_create("confirm_question_facts"))
    url = reverse("assessments_admin:facts_confirm", args=[tied.pk])
    page = client.get(url).content.decode()
    assert "Lijst I van de Opiumwet" in page
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    tied.refresh_from_db()
    assert tied.suspended_at is None


def test_editing_suspended_question_in_admin_lifts_suspension(client, tied, card):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    card_publish(card, opium_act_list="I")
    client.force_login(staff_create("change_question"))
    url = reverse("wagtailsnippets_assessments_question:edit", args=[tied.pk])
    options = [
        {"key": o.key, "text": o.text, "correct": o.correct, "feedback": o.feedback}
        for o in tied.options.all()
    ]
    data = nested_form_data(
        {
            "category": tied.category_id,
            "type": "single",
            "key": tied.key,
            "text": rich_text("<p>Op welke lijst staat 3-MMC nu?</p>"),
            "options": inline_formset(options),
            "items": inline_formset([]),
            "pairs": inline_formset([]),
            "weight": "1",
            "partial_credit": "all_or_nothing",
            "explanation": "Zie de stofkaart.",
        }
    )
    data["fact_cards"] = [str(card.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    tied.refresh_from_db()
    assert tied.suspended_at is None
    assert list(tied.fact_cards.all()) == [card]


def test_freshness_report_lists_suspended_question_and_lesson_when_fact_changed(
    client, course_tree, tied, card
):
    from wagtail.models import ReferenceIndex

    lesson = course_tree.lessons[0]
    lesson.body = [("fact", {"card": card, "fact": "legal_status", "lead": ""})]
    lesson.save_revision().publish()
    ReferenceIndex.create_or_update_for_object(lesson)
    card_publish(card, opium_act_list="I")
    reviewer = staff_create("confirm_question_facts", "view_question")
    client.force_login(reviewer)
    html = client.get(reverse("courses_freshness_report")).content.decode()
    assert "Vragen waarvan een feit is veranderd" in html
    assert "lijst-vraag" in html
    assert reverse("assessments_admin:facts_confirm", args=[tied.pk]) in html
    assert "Lessen waarvan een feit is veranderd" in html
    assert lesson.title in html


def test_quiz_form_names_suspended_questions_when_category_falls_short(
    course_tree, category, tied, card
):
    from assessments.admin_forms import QuizPageForm

    card_publish(card, opium_act_list="I")
    form = QuizPageForm.__new__(QuizPageForm)
    form._errors = {}
    form.cleaned_data = {}
    messages = []
    form.add_error = lambda field, message: messages.append(str(message))

    class Rule:
        cleaned_data = {"category": category, "count": 1}

    form._refuse_short_categories([Rule()])
    assert any("1 vragen zijn opgeschort" in message for message in messages)


def test_trainer_group_gets_no_question_rights_when_only_cards_given(card):
    # a guard for the fixture above: card rights alone do not reach questions
    group = Group.objects.create(name="alleen kaarten")
    assert not group.permissions.filter(codename="change_question").exists()
    assert Question.objects.filter(fact_cards=card).count() == 0
