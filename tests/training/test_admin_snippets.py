"""Every admin listing and chooser of our snippets answers a search, each filter
and each sortable column, alone and with a search term (they answered 500: the
viewsets searched fields the search index does not have, and the index had no
locale filter). Parametrised over the registered snippet viewsets, so a new
snippet is covered without a change here."""

import datetime

import pytest
from django.urls import reverse
from wagtail.hooks import search_for_hooks
from wagtail.models import Locale
from wagtail.snippets.models import get_snippet_models

from tests.factories.assessments import category_create, question_create
from tests.factories.courses import referral_card_create, substance_card_create
from tests.factories.users import UserFactory

OUR_APPS = {"training", "courses", "assessments", "scenarios", "certificates"}
OUR_APPS |= {"organisations"}
SEARCH_TERM = "mmc"

search_for_hooks()  # snippets are registered by the apps' wagtail_hooks
VIEWSETS = [
    model.snippet_viewset
    for model in get_snippet_models()
    if model._meta.app_label in OUR_APPS
]
pytestmark = pytest.mark.django_db


def _id(viewset) -> str:
    return viewset.model._meta.label_lower


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def content(db):
    """Something of each kind that the filters offer, in Dutch and English."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    card = substance_card_create(slug="3-mmc")
    card.copy_for_translation(english).save()
    referral_card_create(region="Zwolle", needs_check=True)
    question = question_create(
        category=category_create(name="3-MMC en NPS", slug="3-mmc"),
        type="true_false",
        text="<p>3-MMC staat op lijst II.</p>",
    )
    question.copy_for_translation(english).save()


def _filter_queries(view) -> list[dict[str, str]]:
    """One query string per filter value the listing's filter form offers."""
    if view.filters is None:
        return []
    queries = []
    for name, field in view.filters.form.fields.items():
        widget_names = getattr(field.widget, "widgets_names", None)
        if widget_names:  # a date range: from and to
            queries.append(
                {
                    f"{name}{suffix}": str(datetime.date(2026, 1, 1))
                    for suffix in widget_names
                }
            )
            continue
        for value, _label in getattr(field, "choices", [("true", ""), ("", "")]):
            value = getattr(value, "value", value)  # model choice values
            if value not in ("", None):
                queries.append({name: str(value)})
    return queries


@pytest.mark.parametrize("viewset", VIEWSETS, ids=_id)
def test_snippet_listing_answers_search_filters_and_sorting_when_combined(
    editor_client, content, viewset
):
    url = reverse(viewset.get_url_name("list"))
    first = editor_client.get(url)
    assert first.status_code == 200
    view = first.context["view"]
    queries = [{"q": SEARCH_TERM}]
    for query in _filter_queries(view):
        queries += [query, {**query, "q": SEARCH_TERM}]
    for ordering in view.get_valid_orderings():
        queries.append({"ordering": ordering, "q": SEARCH_TERM})
    for query in queries:
        response = editor_client.get(url, query)
        assert response.status_code == 200, (url, query)
        results = editor_client.get(
            reverse(viewset.get_url_name("list_results")), query
        )
        assert results.status_code == 200, (url, query)


@pytest.mark.parametrize("viewset", VIEWSETS, ids=_id)
def test_snippet_chooser_answers_search_when_filtered_by_language(
    editor_client, content, viewset
):
    chooser = viewset.chooser_viewset
    for name in ("choose", "choose_results"):
        url = reverse(chooser.get_url_name(name))
        for query in ({"q": SEARCH_TERM}, {"q": SEARCH_TERM, "locale": "nl"}, {}):
            response = editor_client.get(url, query)
            assert response.status_code == 200, (url, query)


@pytest.mark.parametrize(
    ("list_url", "query", "expected"),
    [
        ("wagtailsnippets_courses_substancecard:list", "kristal", "3-MMC"),
        ("wagtailsnippets_courses_referralcard:list", "zwol", "Tactus"),
        ("wagtailsnippets_assessments_question:list", "lijst", "lijst II"),
        ("wagtailsnippets_assessments_questioncategory:list", "nps", "3-MMC en NPS"),
    ],
)
def test_snippet_search_finds_by_the_fields_trainers_know_when_typed_in_part(
    editor_client, content, list_url, query, expected
):
    response = editor_client.get(reverse(list_url), {"q": query, "locale": "nl"})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_question_chooser_finds_dutch_questions_when_filtered_by_language(
    editor_client, content
):
    url = reverse("wagtailsnippetchoosers_assessments_question:choose_results")
    dutch = editor_client.get(url, {"q": "lijst", "locale": "nl"}).content.decode()
    english = editor_client.get(url, {"q": "lijst", "locale": "en"}).content.decode()
    assert "vraag-" in dutch
    assert "-en" not in dutch
    assert "-en" in english
