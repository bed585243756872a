"""A linked organisation sign-in in the person's data download, and gone when
the account is erased (the anonymised row must not be reachable by `sub`)."""

from allauth.socialaccount.models import SocialAccount

from tests.factories.users import UserFactory
from training.erasure import account_erase
from training.personal_data import personal_data_collect


def _linked_person():
    person = UserFactory(email="anna@zorg.example")
    SocialAccount.objects.create(
        user=person,
        provider="zorg-noord",
        uid="sub-anna",
        extra_data={"id_token": {"sub": "sub-anna", "email": "anna@zorg.example"}},
    )
    return person


def test_the_download_names_the_linked_sign_in_and_its_sub(db):
    person = _linked_person()

    rows = personal_data_collect(user=person)["inloggen_via_organisatie"]

    assert [(r["inlogdienst"], r["kenmerk_bij_inlogdienst"]) for r in rows] == [
        ("zorg-noord", "sub-anna")
    ]
    assert rows[0]["gegevens_van_inlogdienst"]["id_token"]["email"] == (
        "anna@zorg.example"
    )


def test_erasing_the_account_removes_the_link_to_the_provider(db):
    person = _linked_person()

    account_erase(user=person, actor=person)

    assert not SocialAccount.objects.filter(uid="sub-anna").exists()
