"""The demo loader is idempotent and leaves working demo accounts."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Site

from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from training.models import HomePage, User


@pytest.mark.django_db
def test_loader_creates_nothing_twice_when_run_again():
    from assessments.models import Question

    call_command("load_demo_content", stdout=StringIO())
    counts = (Page.objects.count(), User.objects.count())
    versions = dict(Question.objects.values_list("key", "version"))
    call_command("load_demo_content", stdout=StringIO())
    assert (Page.objects.count(), User.objects.count()) == counts
    assert dict(Question.objects.values_list("key", "version")) == versions
    assert HomePage.objects.filter(locale__language_code="nl").count() == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_when_loaded(client):
    call_command("load_demo_content", stdout=StringIO())
    for account in DEMO_ACCOUNTS:
        assert client.login(email=account.email, password=DEMO_PASSWORD)
    assert User.objects.get(email="admin@bijblijven.example").is_superuser


@pytest.mark.django_db
def test_sample_course_uses_every_lesson_block_type_when_loaded():
    from courses.blocks import LessonStreamBlock
    from courses.models import CoursePage, LessonPage, ReferralCard, SubstanceCard

    call_command("load_demo_content", stdout=StringIO())
    course = CoursePage.objects.get(slug="3-mmc-en-nps", locale__language_code="nl")
    used = {
        block.block_type
        for lesson in LessonPage.objects.live().descendant_of(course)
        for block in lesson.body
    }
    assert set(LessonStreamBlock.base_blocks) <= used
    today = datetime.date(2026, 11, 29)
    cards = [*SubstanceCard.objects.all(), *ReferralCard.objects.all()]
    assert any(card.review_state(today) == "overdue" for card in cards)


@pytest.mark.django_db
def test_course_one_and_its_quiz_are_in_english_when_interface_is_english(client):
    from wagtail.models import Locale

    from assessments.models import Attempt, Question, QuizPage
    from courses.models import CoursePage, LessonPage
    from courses.services import enrolment_create

    call_command("load_demo_content", stdout=StringIO())
    course = CoursePage.objects.get(slug="3-mmc-en-nps", locale__language_code="nl")
    client.cookies["django_language"] = "en"
    html = client.get(course.url).content.decode()
    assert "3-MMC and new psychoactive substances" in html
    assert "Effects, risks and combinations" in html
    client.cookies["django_language"] = "nl"
    html = client.get(course.url).content.decode()
    assert "3-MMC en nieuwe psychoactieve stoffen" in html

    # the quiz: English texts, the Dutch quiz's record and question bank
    english = Question.objects.filter(locale__language_code="en")
    assert english.count() == 18
    assert english.filter(key="nps-lijst-ii-en").exists()
    quiz = QuizPage.objects.descendant_of(course).get(locale__language_code="nl")
    learner = User.objects.create_user(email="english@example.org", password="x")
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    response = client.get(quiz.url)
    assert response.status_code == 200  # the Dutch enrolment counts in English
    assert "Quiz: 3-MMC and new psychoactive substances" in response.content.decode()
    for page in CoursePage.objects.filter(locale__language_code="nl"):
        assert client.get(page.url).status_code == 200, page.url  # even untranslated
    english_lesson = LessonPage.objects.live().filter(locale__language_code="en")[0]
    lesson = english_lesson.get_translation(Locale.get_default())
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert english_lesson.title in response.content.decode()
    response = client.post(reverse("assessments:start", args=[quiz.pk]))
    assert response.status_code == 302
    attempt = Attempt.objects.get(user=learner)
    assert attempt.quiz_id == quiz.pk  # the record stays on the Dutch quiz
    assert {q["language"] for q in attempt.questions} == {"en"}
    sources = set(Question.objects.sources().values_list("pk", flat=True))
    assert {q["id"] for q in attempt.questions} <= sources
    html = client.get(response["Location"]).content.decode()
    assert attempt.questions[0]["text"] in html
    assert "Quiz: 3-MMC" in html


@pytest.mark.django_db
def test_no_internal_link_is_broken_when_a_learner_browses_every_course(client):
    from courses.models import CoursePage
    from courses.selectors import course_outline
    from courses.services import enrolment_create

    call_command("load_demo_content", stdout=StringIO())
    learner = User.objects.get(email="leerling@bijblijven.example")
    client.force_login(learner)
    pages = []
    for course in CoursePage.objects.live().filter(locale__language_code="nl"):
        enrolment_create(user=learner, course=course)
        pages += [
            course.url,
            *(item.url for item in course_outline(course=course).items),
        ]
    links: set[str] = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        links |= set(re.findall(r'href="(/[^"#?]*)', response.content.decode()))
    skipped = ("/beheer/", "/static/", "/accounts/logout/")
    broken = []
    for link in sorted(links):
        if link.startswith(skipped):
            continue
        status = client.get(link).status_code
        if status >= 400:
            broken.append((link, status))
    assert not broken


@pytest.mark.django_db
def test_footer_leads_to_information_pages_in_both_languages_when_loaded(client):
    call_command("load_demo_content", stdout=StringIO())
    home = HomePage.objects.get(locale__language_code="nl")
    expected = {
        "nl": ["Privacyverklaring", "Gebruiksvoorwaarden", "Contact"],
        "en": ["Privacy statement", "Terms of use", "Contact"],
    }
    for language, titles in expected.items():
        client.cookies["django_language"] = language
        html = client.get(home.url).content.decode()
        footer = html[html.index("<footer") :]
        links = re.findall(r'href="(/[^"]+/)">', footer)
        pages = [client.get(link).content.decode() for link in links]
        for title in titles:
            assert any(f">{title}</h1>" in page for page in pages), (language, title)
        statement = next(p for p in pages if "WCAG 2.1" in p)
        assert ("eerste maatregelen genomen" in statement) == (language == "nl")
    # the English home page has the Dutch page's sections, and an English footer
    assert "How it works" in html
    assert "For organisations" in html
    assert "Bijblijven: recurring training on 3-MMC, NPS and chemsex." in footer
