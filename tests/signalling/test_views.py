"""A reached person sees the signal at the top of "Mijn leeromgeving", opens it
and confirms it once; anyone else gets a 404."""

import pytest
from django.urls import reverse

from signalling.models import SignalAcknowledgement
from signalling.services import signal_deliver
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.signalling import signal_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reached(home_page):
    course = course_tree_create(home_page, modules=1, lessons_per_module=1).course
    holder = CertificateFactory(course=course).user
    signal = signal_create(courses=[course])
    signal_deliver(signal_id=signal.pk)
    return signal, holder


def test_my_learning_shows_the_open_signal_first_when_it_reached_me(client, reached):
    signal, holder = reached
    client.force_login(holder)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Nieuw in je vak: lees en bevestig" in html
    assert html.index(signal.title) < html.index('id="in-progress-heading"')
    assert reverse("signalling:detail", args=[signal.pk]) in html


def test_my_learning_shows_no_signal_when_it_did_not_reach_me(client, reached):
    signal, _holder = reached
    client.force_login(UserFactory())
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert signal.title not in html


def test_signal_page_is_a_404_for_someone_it_did_not_reach(client, reached):
    signal, _holder = reached
    url = reverse("signalling:detail", args=[signal.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not SignalAcknowledgement.objects.exists()


def test_signal_page_asks_to_sign_in_when_anonymous(client, reached):
    signal, _holder = reached
    response = client.get(reverse("signalling:detail", args=[signal.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_acknowledging_twice_stores_one_acknowledgement_and_clears_the_panel(
    client, reached
):
    signal, holder = reached
    client.force_login(holder)
    url = reverse("signalling:detail", args=[signal.pk])
    page = client.get(url).content.decode()
    assert "Gelezen en begrepen" in page
    assert "3-MMC staat sinds 1 juni 2024 op lijst I" in page
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    acknowledgement = SignalAcknowledgement.objects.get()
    assert acknowledgement.user == holder
    assert acknowledgement.revision_id == signal.live_revision_id
    assert "Je hebt bevestigd" in client.get(url).content.decode()
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert signal.title not in html


def test_an_unpublished_signal_is_gone_for_its_recipients(client, reached):
    signal, holder = reached
    signal.unpublish()
    client.force_login(holder)
    assert client.get(reverse("signalling:detail", args=[signal.pk])).status_code == 404
    assert (
        signal.title not in client.get(reverse("courses:my_learning")).content.decode()
    )


def test_signal_page_speaks_english_when_the_interface_is_english(client, reached):
    signal, holder = reached
    client.force_login(holder)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "New in your field: read and confirm" in html
    page = client.get(reverse("signalling:detail", args=[signal.pk])).content.decode()
    assert "Read and understood" in page
