"""API keys: made and checked without storing them, and managed by the
organisation's administrators on the site."""

from __future__ import annotations

import pytest

from hrapi.keys import key_digest, key_matches, key_new, key_prefix
from hrapi.models import ApiKey
from hrapi.selectors import api_key_get
from hrapi.services import api_key_create
from tests.factories.organisations import MembershipFactory, manager_create


def test_a_new_key_is_stored_only_as_its_digest():
    new = key_new()

    assert new.plain.startswith(f"bbk_{new.prefix}_")
    assert new.digest == key_digest(new.plain)
    assert new.plain not in new.digest
    assert key_prefix(new.plain) == new.prefix
    assert key_matches(new.plain, new.digest)
    assert not key_matches(new.plain + "x", new.digest)


@pytest.mark.parametrize(
    "text", ["", "bbk_", "bbk_short_x", "Bearer x", "bbk_12345678_"]
)
def test_text_not_shaped_like_a_key_has_no_prefix(text):
    assert key_prefix(text) is None


def test_a_key_with_a_known_prefix_but_another_secret_is_refused(db):
    organisation = MembershipFactory().organisation
    key, plain = api_key_create(
        organisation=organisation, name="AFAS", scope="read", actor=None
    )

    assert api_key_get(plain=plain) == key
    assert api_key_get(plain=plain[:-2] + "zz") is None


@pytest.fixture
def organisation(db):
    return MembershipFactory().organisation


def test_an_administrator_makes_a_key_and_sees_it_once(client, organisation):
    admin = manager_create(organisation)
    client.force_login(admin)
    url = f"/organisatie/{organisation.pk}/api-sleutels/"

    created = client.post(url, {"name": "AFAS", "scope": "write"})
    made = client.get(url)
    again = client.get(url)

    assert created.status_code == 302
    key = ApiKey.objects.get(organisation=organisation)
    plain = made.context["plain"]
    assert key.scope == "write"
    assert key.created_by == admin
    assert plain in made.content.decode()
    assert made["Cache-Control"] == "no-store"
    assert plain not in again.content.decode()
    assert key.prefix in again.content.decode()
    assert api_key_get(plain=plain) == key


def test_an_administrator_revokes_a_key_and_it_stops_working(client, organisation):
    admin = manager_create(organisation)
    key, plain = api_key_create(
        organisation=organisation, name="AFAS", scope="read", actor=admin
    )
    client.force_login(admin)

    client.post(f"/organisatie/{organisation.pk}/api-sleutels/{key.pk}/intrekken/")

    assert api_key_get(plain=plain) is None
    response = client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 401


@pytest.mark.parametrize("who", ["manager", "learner", "other_admin"])
def test_only_the_organisations_administrators_manage_keys(client, organisation, who):
    other = MembershipFactory().organisation
    key, _plain = api_key_create(
        organisation=organisation, name="AFAS", scope="read", actor=None
    )
    user = {
        "manager": lambda: manager_create(organisation, admin=False),
        "learner": lambda: MembershipFactory(organisation=organisation).user,
        "other_admin": lambda: manager_create(other),
    }[who]()
    client.force_login(user)
    base = f"/organisatie/{organisation.pk}/api-sleutels/"

    assert client.get(base).status_code == 404
    assert client.post(base, {"name": "x", "scope": "write"}).status_code == 404
    assert client.post(f"{base}{key.pk}/intrekken/").status_code == 404
    assert ApiKey.objects.count() == 1
    assert ApiKey.objects.get().revoked_at is None
