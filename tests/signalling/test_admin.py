"""Trainers and reviewers write and publish signals in the Wagtail admin; bad
input (no target, a deadline in the past, no text) is refused with a message
and nothing is saved; a material change pre-fills a draft once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import ContentChange
from courses.roles import REVIEWERS, TRAINERS
from signalling.models import Signal, SignalRecipient
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory, role_member_create
from training.models import OutboundEmail

pytestmark = pytest.mark.django_db
ADD_URL = reverse("wagtailsnippets_signalling_signal:add")


@pytest.fixture
def course(home_page):
    return course_tree_create(home_page, modules=1, lessons_per_module=1).course


def _post(course, **overrides):
    fields = {
        "title": "Gevaarlijke partij 3-MMC",
        "body": streamfield([("text", rich_text("<p>Een partij bevat 4-CMC.</p>"))]),
        "sources": streamfield([]),
        "courses": [course.pk] if course else [],
        "professions": [],
        "acknowledge_by": (
            timezone.localdate() + datetime.timedelta(days=7)
        ).isoformat(),
    }
    fields.update(overrides)
    data = nested_form_data(
        {
            key: value
            for key, value in fields.items()
            if key not in ("courses", "professions")
        }
    )
    data["courses"] = fields["courses"]
    data["professions"] = fields["professions"]
    return data


@pytest.mark.parametrize("role", [TRAINERS, REVIEWERS])
def test_a_content_role_publishes_a_signal_that_reaches_holders(
    client, course, role, django_capture_on_commit_callbacks
):
    holder = CertificateFactory(course=course).user
    client.force_login(role_member_create(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, {**_post(course), "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    signal = Signal.objects.get()
    assert signal.live
    assert list(signal.courses.all()) == [course]
    assert SignalRecipient.objects.filter(signal=signal, user=holder).exists()
    assert OutboundEmail.objects.filter(kind="signal", to=holder.email).count() == 1


def test_a_learner_cannot_reach_the_signal_admin(client, course):
    client.force_login(UserFactory())
    response = client.post(ADD_URL, {**_post(course), "action-publish": "1"})
    assert response.status_code in (302, 403)
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"courses": []}, "Kies minstens één cursus of beroep"),
        (
            {
                "acknowledge_by": (
                    timezone.localdate() - datetime.timedelta(days=1)
                ).isoformat()
            },
            "ligt in het verleden",
        ),
        ({"body": streamfield([])}, "een signalering zonder tekst zegt niets"),
        (
            {"body": streamfield([("text", rich_text("<p> </p>"))])},
            "een signalering zonder tekst zegt niets",
        ),
    ],
)
@pytest.mark.parametrize("action", ["action-publish", "action-draft"])
def test_bad_input_is_refused_with_a_message_when_saved(
    client, course, overrides, message, action
):
    client.force_login(role_member_create(TRAINERS))
    response = client.post(ADD_URL, {**_post(course, **overrides), action: "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_the_form_offers_only_dutch_source_courses_and_every_profession(client, course):
    client.force_login(role_member_create(TRAINERS))
    html = client.get(ADD_URL).content.decode()
    assert course.title in html
    assert "Politie en handhaving" in html


def test_a_material_change_prefills_a_draft_signal_once(client, course):
    change = ContentChange.objects.create(
        course=course,
        page=course,
        revision=course.latest_revision,
        summary="Nieuwe module over 2-MMC en 4-CMC.",
    )
    client.force_login(role_member_create(TRAINERS))
    report = client.get(reverse("courses_freshness_report")).content.decode()
    assert "Wijzigingen om te signaleren" in report
    url = reverse("signalling_from_change", args=[f"content_change:{change.pk}"])
    assert url in report
    assert "Nieuwe module over 2-MMC" in client.get(url).content.decode()
    first = client.post(url)
    second = client.post(url)
    signal = Signal.objects.get()
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse(
        "wagtailsnippets_signalling_signal:edit", args=[signal.pk]
    )
    assert not signal.live
    assert list(signal.courses.all()) == [course]
    assert "Nieuwe module over 2-MMC" in str(signal.body[0].value)
    assert not SignalRecipient.objects.exists()
    report = client.get(reverse("courses_freshness_report")).content.decode()
    assert url not in report


def test_a_trainer_previews_a_signal_as_learners_will_see_it(client, course):
    client.force_login(role_member_create(TRAINERS))
    url = reverse("wagtailsnippets_signalling_signal:preview_on_add")
    posted = client.post(url, _post(course))
    assert posted.json()["is_valid"]
    html = client.get(url).content.decode()
    assert "Gevaarlijke partij 3-MMC" in html
    assert "Een partij bevat 4-CMC." in html
