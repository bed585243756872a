"""The name of a new question category or topic fills in its slug as the trainer
types (the category form left the slug to be typed by hand); a saved slug never
follows a renamed name."""

import re

import pytest
from django.urls import reverse

from assessments.models import QuestionCategory
from courses.models import Topic
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
SNIPPETS = [
    ("assessments", "questioncategory", QuestionCategory),
    ("courses", "topic", Topic),
]


def _name_input(html: str) -> str:
    return re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(("app", "model", "_cls"), SNIPPETS)
def test_name_fills_the_slug_when_the_snippet_is_new(editor, app, model, _cls):
    html = editor.get(reverse(f"wagtailsnippets_{app}_{model}:add")).text
    name = _name_input(html)
    assert 'data-controller="w-sync"' in name
    assert 'data-w-sync-target-value="#id_slug"' in name
    assert "keyup-&gt;w-sync#apply" in name or "keyup->w-sync#apply" in name


@pytest.mark.parametrize(("app", "model", "cls"), SNIPPETS)
def test_saved_slug_stays_when_the_name_is_edited(editor, app, model, cls):
    saved = cls.objects.create(name="Chemsex", slug="chemsex-oud")
    html = editor.get(reverse(f"wagtailsnippets_{app}_{model}:edit", args=[saved.pk]))
    assert "w-sync#apply" not in _name_input(html.text)
