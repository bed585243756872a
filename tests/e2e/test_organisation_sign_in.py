"""Signing in with the organisation's own identity provider, in a browser,
against a real OpenID provider on loopback: the first time (account, profession,
membership), a second time into the same account, and signing out."""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from organisations.models import Membership
from sso.models import IdentityProvider, IdentityProviderDomain
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.organisations import OrganisationFactory
from tests.sso.openid_provider import provider_start
from training.models import User

SLUG = "ggd-noord"


@pytest.fixture
def openid_provider(live_server, tmp_path):
    provider = provider_start(
        tmp_path=tmp_path,
        clients=[
            {
                "client_id": "bijblijven",
                "client_secret": "test-only-client-secret",
                "redirect_uris": [
                    f"{live_server.url}/accounts/oidc/{SLUG}/login/callback/"
                ],
            }
        ],
    )
    yield provider
    provider.stop()


@pytest.fixture
def organisation_provider(site, openid_provider):
    provider = IdentityProvider.objects.create(
        organisation=OrganisationFactory(name="GGD Noord"),
        name="GGD Noord",
        slug=SLUG,
        server_url=openid_provider.issuer,
        client_id="bijblijven",
        client_secret="test-only-client-secret",
    )
    IdentityProviderDomain.objects.create(provider=provider, domain="ggdnoord.example")
    return provider


def sign_in_at_organisation(page, email: str, sub: str | None = None) -> None:
    """Our sign-in page, then the provider's form unless `sub` is None (the
    provider still has its own session and sends the browser straight back)."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Inloggen via je organisatie").click()
    if sub is None:
        page.wait_for_load_state()
        return
    # The provider's own (development) sign-in form, with the address suggested.
    expect(page.locator('input[name="login"]')).to_have_value(email)
    page.locator('input[name="login"]').fill(sub)
    page.locator('input[name="password"]').fill("wachtwoord-bij-de-ggd")
    page.locator("button.login-submit").click()
    page.wait_for_load_state()


def test_organisation_sign_in_first_time_again_and_sign_out(
    page, organisation_provider, openid_provider
):
    openid_provider.account_set(
        "ggd-7f3a",
        email="sanne@ggdnoord.example",
        email_verified=True,
        given_name="Sanne",
        family_name="Visser",
    )

    sign_in_at_organisation(page, "sanne@ggdnoord.example", "ggd-7f3a")

    # First time: the profession, asked once; name and address come along.
    expect(page.get_by_label("Beroep")).to_be_visible()
    expect(page.get_by_label("Voornaam")).to_have_value("Sanne")
    assert_no_axe_violations(page)
    page.get_by_label("Beroep").select_option("ggd")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    user = User.objects.get(email="sanne@ggdnoord.example")
    assert user.profession == "ggd"
    assert SocialAccount.objects.get(user=user).uid == "ggd-7f3a"
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation_provider.organisation

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()

    # The provider remembers Sanne: no form there, and none here either.
    sign_in_at_organisation(page, "sanne@ggdnoord.example")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # A fresh browser: the provider's form again, and still the same account.
    page.context.clear_cookies()
    sign_in_at_organisation(page, "sanne@ggdnoord.example", "ggd-7f3a")

    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_label("Beroep")).to_have_count(0)
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1
