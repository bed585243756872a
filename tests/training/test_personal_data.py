"""The person's data download: a page for the signed-in person only, and a JSON
file with every app's sections about that person and no one else."""

import json

import pytest
from django.urls import reverse
from wagtail import hooks

from tests.factories.users import UserFactory
from training.personal_data import PERSONAL_DATA_HOOK, personal_data_collect

pytestmark = pytest.mark.django_db

URL = reverse("personal_data")


def _download(client) -> dict:
    response = client.get(URL, {"download": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bijblijven-mijn-gegevens-'
    )
    return json.loads(response.content)


def test_page_and_download_need_a_signed_in_person(client):
    for query in ({}, {"download": "json"}):
        response = client.get(URL, query)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_page_explains_the_download_when_signed_in(learner_client):
    html = learner_client.get(URL).content.decode()
    assert "Mijn gegevens" in html
    assert 'href="?download=json"' in html


def test_page_is_in_english_when_the_interface_is(learner_client):
    learner_client.cookies["django_language"] = "en"
    html = learner_client.get(URL).content.decode()
    assert "Download my data (JSON)" in html


def test_download_is_in_dutch_whatever_the_interface_language(learner_client):
    learner_client.cookies["django_language"] = "en"
    document = _download(learner_client)
    assert document["toelichting"].startswith("Alle gegevens die Bijblijven")
    assert document["gegevens"]["account"]["beroep"] == "Huisarts"


def test_download_holds_the_account_and_no_one_else_when_requested(
    learner_client, user
):
    other = UserFactory(first_name="Anders", last_name="Iemand")
    document = _download(learner_client)
    account = document["gegevens"]["account"]
    assert (account["e_mailadres"], account["voornaam"]) == (
        user.email,
        user.first_name,
    )
    assert document["gegevens"]["e_mailadressen"] == [
        {"e_mailadres": user.email, "bevestigd": True, "hoofdadres": True}
    ]
    text = json.dumps(document)
    assert other.email not in text
    assert user.password not in text


def test_download_has_every_apps_sections_when_all_are_installed(learner_client):
    sections = set(_download(learner_client)["gegevens"])
    assert sections == {
        "account",
        "e_mailadressen",
        "inschrijvingen",
        "lesvoortgang",
        "reflecties",
        "inhoudswijzigingen",
        "toetspogingen",
        "scenariopogingen",
        "beoordeelde_antwoorden",
        "herbeoordelingen",
        "certificaten",
        "verloopherinneringen",
        "inhoudsupdates",
        "lidmaatschappen",
        "toestemmingen",
        "uitnodigingen",
        "herinneringen",
        "logboek",
        "signaleringen",
        "inzage_door_anderen",
        "registratienummers",
        "presentieregistraties",
        "leerplatformkoppelingen",
        "leerplatformresultaten",
        "personeelsnummers",
        "inloggen_via_organisatie",
    }


def test_footer_links_to_the_page_when_signed_in(learner_client, home_page):
    assert URL in learner_client.get("/").content.decode()


def test_two_apps_offering_one_section_is_refused(user):
    def clash(*, user):
        return {"account": {}}

    with hooks.register_temporarily(PERSONAL_DATA_HOOK, clash):
        with pytest.raises(ValueError, match="account"):
            personal_data_collect(user=user)
