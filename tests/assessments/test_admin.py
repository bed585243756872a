"""The question bank and quiz pages in the Wagtail admin: viewsets, validation
across inline parts, page tree rules, preview, item analysis, menu."""

import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from assessments.models import Question, QuizPage
from assessments.services import attempt_start, attempt_submit
from courses.models import CoursePage, LessonPage, ModulePage
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    staff_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
QUESTION_PERMISSIONS = ("add_question", "change_question", "view_question")


def _question_post(category, **overrides):
    data = {
        "category": category.pk,
        "type": "single",
        "key": "admin-vraag",
        "text": rich_text("<p>Welke lijst?</p>"),
        "weight": "1",
        "partial_credit": "all_or_nothing",
        "statement_true": "",
        "accepted_answers": "",
        "explanation": "Uitleg",
        "feedback_correct": "",
        "feedback_incorrect": "",
        "sources": "",
        "tags": "",
        "options": inline_formset(
            [
                {"text": "Lijst I", "correct": "", "feedback": ""},
                {"text": "Lijst II", "correct": "", "feedback": "Goed"},
            ]
        ),
        "items": inline_formset([]),
        "pairs": inline_formset([]),
        **overrides,
    }
    return nested_form_data(data)


def _quiz_post(*, slug, fixed=(), draw=(), **overrides):
    """Form data for a new quiz page in the admin, with fixed question pks or
    (category pk, count) draw rules."""
    return nested_form_data(
        {
            "title": "Toets",
            "slug": slug,
            "intro": rich_text(""),
            "selection": "draw" if draw else "fixed",
            "fixed_questions": inline_formset([{"question": pk} for pk in fixed]),
            "draw_rules": inline_formset(
                [{"category": pk, "count": str(count)} for pk, count in draw]
            ),
            "layout": "one_per_page",
            "feedback_mode": "end",
            "pass_percent": "70",
            "pass_text": rich_text(""),
            "fail_text": rich_text(""),
            "max_attempts": "0",
            "cooldown": "00:00:00",
            "time_limit": "",
            "minutes": "10",
            **overrides,
        }
    )


def test_question_form_reports_the_missing_right_answer_when_none_is_ticked(
    client, category
):
    client.force_login(staff_create(*QUESTION_PERMISSIONS))
    response = client.post(
        "/beheer/snippets/assessments/question/add/", _question_post(category)
    )
    assert response.status_code == 200
    assert "Markeer precies één antwoord als juist (nu 0)." in response.text
    assert not Question.objects.exists()


def test_question_form_saves_with_part_keys_when_complete(client, category):
    client.force_login(staff_create(*QUESTION_PERMISSIONS))
    options = inline_formset(
        [
            {"text": "Lijst I", "correct": "", "feedback": ""},
            {"text": "Lijst II", "correct": "on", "feedback": "Goed"},
        ]
    )
    response = client.post(
        "/beheer/snippets/assessments/question/add/",
        _question_post(category, options=options),
    )
    assert response.status_code == 302
    question = Question.objects.get(key="admin-vraag")
    snapshot = question.snapshot()
    assert [o["key"] for o in snapshot["options"]] == ["a", "b"]
    assert snapshot["options"][1]["correct"] is True
    assert question.version == 1


@pytest.mark.parametrize("chosen", ["true", "false"])
def test_true_false_question_saves_the_trainers_choice_when_chosen(
    client, category, chosen
):
    client.force_login(staff_create(*QUESTION_PERMISSIONS))
    response = client.post(
        "/beheer/snippets/assessments/question/add/",
        _question_post(category, type="true_false", statement_true=chosen),
    )
    assert response.status_code == 302
    assert Question.objects.get(key="admin-vraag").statement_true is (chosen == "true")


def _checked_statement(html: str) -> list[str]:
    """The values of the ticked "de stelling is" radio buttons."""
    inputs = re.findall(r"<input[^>]*>", html)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if 'name="statement_true"' in tag and "checked" in tag
    ]


def test_true_false_question_is_refused_when_no_key_is_chosen(client, category):
    client.force_login(staff_create(*QUESTION_PERMISSIONS))
    form = client.get("/beheer/snippets/assessments/question/add/").text
    assert 'name="statement_true"' in form
    assert _checked_statement(form) == []
    response = client.post(
        "/beheer/snippets/assessments/question/add/",
        _question_post(category, type="true_false"),
    )
    assert response.status_code == 200
    assert "Kies of de stelling juist of onjuist is." in response.text
    assert not Question.objects.filter(key="admin-vraag").exists()


@pytest.mark.parametrize("stored", [True, False])
def test_stored_true_false_key_is_shown_when_a_question_is_edited(
    client, category, stored
):
    question = question_create(category=category, type="true_false")
    Question.objects.filter(pk=question.pk).update(statement_true=stored)
    client.force_login(staff_create(*QUESTION_PERMISSIONS))
    form = client.get(f"/beheer/snippets/assessments/question/edit/{question.pk}/")
    assert _checked_statement(form.text) == ["true" if stored else "false"]


def test_question_bank_listings_render_when_a_trainer_opens_them(client, questions):
    client.force_login(staff_create(*QUESTION_PERMISSIONS, "view_questioncategory"))
    listing = client.get("/beheer/snippets/assessments/question/")
    assert listing.status_code == 200
    assert questions[0].key in listing.text
    edit = client.get(f"/beheer/snippets/assessments/question/edit/{questions[4].pk}/")
    assert edit.status_code == 200
    assert "Eerst" in edit.text
    assert (
        client.get("/beheer/snippets/assessments/questioncategory/").status_code == 200
    )


def test_quiz_pages_are_allowed_in_modules_only_when_building_the_tree():
    assert QuizPage in ModulePage.allowed_subpage_models()
    assert QuizPage not in CoursePage.allowed_subpage_models()
    assert QuizPage not in LessonPage.allowed_subpage_models()
    assert QuizPage.allowed_parent_page_models() == [ModulePage]


def test_quiz_form_refuses_a_draw_when_the_category_is_too_small(
    client, course_tree, category, questions
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    module = course_tree.modules[0]
    data = _quiz_post(slug="toets-admin", draw=[(category.pk, 50)])
    url = f"/beheer/pages/add/assessments/quizpage/{module.pk}/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "heeft 7 vragen; er zijn er 50 gevraagd" in response.text
    assert not QuizPage.objects.exists()
    data["draw_rules-0-count"] = "5"
    response = client.post(url, data)
    assert response.status_code == 302
    assert QuizPage.objects.get().draw_rules.get().count == 5


def test_quiz_preview_shows_the_rules_without_starting_when_an_editor_previews(quiz):
    response = quiz.make_preview_request()
    response.render()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld voor redacteuren" in html
    assert "7 vragen" in html
    assert "Toets starten" not in html


def test_item_analysis_shows_facility_and_choices_when_attempts_exist(
    client, course_tree, enrolled
):
    category = category_create()
    question = question_create(category=category)
    from tests.factories.assessments import quiz_create

    quiz = quiz_create(course_tree.modules[0], questions=[question])
    attempt = attempt_start(user=enrolled, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=enrolled,
        data=form_data(attempt.questions, right=False),
        indexes=[0],
    )
    client.force_login(staff_create("view_item_analysis"))
    page = client.get(f"/beheer/toetsen/analyse/{quiz.pk}/")
    assert page.status_code == 200
    assert "Fout antwoord: 1" in page.text
    assert "Goed antwoord*: 0" in page.text
    listing = client.get("/beheer/toetsen/analyse/")
    assert quiz.title in listing.text
    csv_text = client.get(
        f"/beheer/toetsen/analyse/{quiz.pk}/", {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith(f"{question.key},single,")
    assert "a*=0; b=1; c=0" in csv_text


def test_admin_menu_shows_the_quiz_items_a_user_may_use_when_rendered(client):
    client.force_login(staff_create("mark_attemptanswer"))
    home = client.get("/beheer/")
    assert "/beheer/toetsen/beoordelen/" in home.text
    assert "/beheer/toetsen/analyse/" not in home.text


def test_quiz_form_refuses_immediate_feedback_when_all_questions_share_a_page(
    client, course_tree, questions
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = _quiz_post(
        slug="toets-direct",
        fixed=[questions[0].pk],
        layout="all",
        feedback_mode="immediate",
    )
    module = course_tree.modules[0]
    response = client.post(f"/beheer/pages/add/assessments/quizpage/{module.pk}/", data)
    assert "Directe feedback kan alleen bij één vraag per pagina." in response.text
    assert not QuizPage.objects.exists()


def test_quiz_form_refuses_a_translated_question_as_a_fixed_question(
    client, course_tree, questions
):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = questions[0].copy_for_translation(english)
    translated.save()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = _quiz_post(slug="toets-vertaald", fixed=[translated.pk])
    url = f"/beheer/pages/add/assessments/quizpage/{course_tree.modules[0].pk}/"

    response = client.post(url, data)

    assert f"Vraag {translated.key} is een vertaling." in response.text
    assert not QuizPage.objects.exists()
    data["fixed_questions-0-question"] = questions[0].pk
    assert client.post(url, data).status_code == 302
    assert QuizPage.objects.get().fixed_questions.get().question == questions[0]
