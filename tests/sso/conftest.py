"""A real OpenID provider on loopback, and an organisation that signs in there."""

import pytest
from django.contrib.auth import SESSION_KEY

from sso.models import IdentityProvider, IdentityProviderDomain
from tests.factories.organisations import OrganisationFactory
from tests.sso.openid_provider import provider_sign_in, provider_start

CLIENT_ID = "bijblijven"
CLIENT_SECRET = "test-only-client-secret"
SLUG = "zorg-noord"
CALLBACK = f"http://testserver/accounts/oidc/{SLUG}/login/callback/"


def _clients() -> list[dict]:
    return [
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [CALLBACK],
        }
    ]


@pytest.fixture(scope="module")
def openid_provider(tmp_path_factory):
    provider = provider_start(
        tmp_path=tmp_path_factory.mktemp("op"), clients=_clients()
    )
    yield provider
    provider.stop()


@pytest.fixture
def skewed_openid_provider(tmp_path):
    """A provider whose clock runs 30 seconds ahead of ours."""
    provider = provider_start(
        tmp_path=tmp_path, clients=_clients(), clock_offset_seconds=30
    )
    yield provider
    provider.stop()


def identity_provider_create(issuer: str) -> IdentityProvider:
    provider = IdentityProvider.objects.create(
        organisation=OrganisationFactory(name="Zorg Noord"),
        name="Zorg Noord",
        slug=SLUG,
        server_url=issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    IdentityProviderDomain.objects.create(provider=provider, domain="zorg.example")
    return provider


@pytest.fixture
def identity_provider(db, openid_provider) -> IdentityProvider:
    return identity_provider_create(openid_provider.issuer)


def sso_start(client, email: str):
    """Type `email` on our sign-in page and press the organisation button."""
    return client.post("/accounts/login/", {"login": email, "sso": "1"})


def sso_sign_in(client, *, email: str, sub: str):
    """The whole round trip: our sign-in page, the provider's, our callback.
    Returns our callback's response."""
    response = sso_start(client, email)
    assert response.status_code == 302, response.content[:500]
    callback = provider_sign_in(authorize_url=response["Location"], login=sub)
    assert callback.startswith("http://testserver/"), callback
    return client.get(callback.removeprefix("http://testserver"))


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)
