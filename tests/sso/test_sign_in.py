"""Signing in with an organisation's identity provider, against a real OpenID
provider on loopback: routing by email domain, accounts keyed on `sub`, just-in
-time membership with the profession asked once, linking an existing account
only after its password, a provider without an email claim, clock skew."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail

from organisations.models import Membership
from tests.factories.users import TEST_PASSWORD, UserFactory
from tests.sso.conftest import (
    CLIENT_ID,
    SLUG,
    identity_provider_create,
    signed_in_user_id,
    sso_sign_in,
    sso_start,
)
from training.models import Profession, User

SIGNUP = "/accounts/3rdparty/signup/"


def signup_complete(client, **fields):
    data = {
        "first_name": "Anna",
        "last_name": "de Vries",
        "profession": Profession.GGD,
        **fields,
    }
    return client.post(SIGNUP, data)


def test_an_organisation_address_goes_to_its_provider_without_a_password(
    client, identity_provider, openid_provider
):
    response = client.post("/accounts/login/", {"login": "Anna@Zorg.example"})

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == openid_provider.issuer
    query = parse_qs(target.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["login_hint"] == ["Anna@Zorg.example"]
    assert query["redirect_uri"][0].endswith(f"/accounts/oidc/{SLUG}/login/callback/")


def test_the_organisation_button_with_a_password_signs_in_without_a_provider(
    client, identity_provider
):
    user = UserFactory(email="piet@elders.example")

    client.post(
        "/accounts/login/",
        {"login": user.email, "password": TEST_PASSWORD, "sso": "1"},
    )

    assert signed_in_user_id(client) == str(user.pk)


def test_the_sign_in_page_lets_its_form_be_redirected_to_the_providers(
    client, identity_provider, openid_provider
):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]

    form_action = next(d for d in policy.split(";") if "form-action" in d)
    assert openid_provider.issuer in form_action.split()


def test_another_domain_signs_in_with_the_password_when_it_has_no_provider(
    client, identity_provider
):
    user = UserFactory(email="piet@elders.example")

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_the_organisation_button_says_so_when_the_domain_has_no_provider(
    client, identity_provider
):
    response = sso_start(client, "piet@elders.example")

    assert response.status_code == 200
    assert "geen inlogdienst van een organisatie" in response.content.decode()


def test_first_sign_in_asks_the_profession_once_and_makes_a_member(
    client, identity_provider, openid_provider
):
    openid_provider.account_set(
        "sub-anna",
        email="anna@zorg.example",
        email_verified=True,
        given_name="Anna",
        family_name="de Vries",
    )

    response = sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")
    assert response.status_code == 302
    assert response["Location"] == SIGNUP
    form = client.get(SIGNUP).content.decode()
    assert 'name="profession"' in form
    assert signed_in_user_id(client) is None

    response = signup_complete(client, email="anna@zorg.example")

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get()
    assert signed_in_user_id(client) == str(user.pk)
    assert user.profession == Profession.GGD
    assert SocialAccount.objects.get(user=user).uid == "sub-anna"
    assert Membership.objects.get(user=user).organisation == (
        identity_provider.organisation
    )

    client.logout()
    response = sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")

    assert response.status_code == 302
    assert response["Location"] != SIGNUP
    assert signed_in_user_id(client) == str(user.pk)
    assert User.objects.count() == 1


def test_two_people_of_one_provider_get_two_accounts(
    client, identity_provider, openid_provider
):
    openid_provider.account_set("sub-1", email="een@zorg.example", email_verified=True)
    openid_provider.account_set("sub-2", email="twee@zorg.example", email_verified=True)

    for sub, email in (("sub-1", "een@zorg.example"), ("sub-2", "twee@zorg.example")):
        client.logout()
        sso_sign_in(client, email=email, sub=sub)
        signup_complete(client, email=email)

    accounts = SocialAccount.objects.order_by("uid")
    assert [a.uid for a in accounts] == ["sub-1", "sub-2"]
    assert accounts[0].user_id != accounts[1].user_id


def test_a_second_person_with_the_same_address_is_not_signed_in_to_the_first(
    client, identity_provider, openid_provider
):
    openid_provider.account_set("sub-1", email="team@zorg.example", email_verified=True)
    sso_sign_in(client, email="team@zorg.example", sub="sub-1")
    signup_complete(client, email="team@zorg.example")
    client.logout()
    openid_provider.account_set("sub-2", email="team@zorg.example", email_verified=True)

    response = sso_sign_in(client, email="team@zorg.example", sub="sub-2")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/organisatie-koppelen/"
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.filter(uid="sub-2").exists()


def test_an_address_change_at_the_provider_keeps_one_account(
    client, identity_provider, openid_provider
):
    openid_provider.account_set(
        "sub-anna", email="anna@zorg.example", email_verified=True
    )
    sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")
    signup_complete(client, email="anna@zorg.example")
    user = User.objects.get()
    client.logout()
    openid_provider.account_set(
        "sub-anna", email="a.devries@zorg.example", email_verified=True
    )

    response = sso_sign_in(client, email="a.devries@zorg.example", sub="sub-anna")

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1


def test_an_existing_account_is_linked_only_after_its_password(
    client, identity_provider, openid_provider
):
    user = UserFactory(email="anna@zorg.example")
    openid_provider.account_set(
        "sub-anna", email="anna@zorg.example", email_verified=True
    )

    response = sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")

    assert response["Location"] == "/accounts/organisatie-koppelen/"
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
    page = client.get("/accounts/organisatie-koppelen/").content.decode()
    assert "anna@zorg.example" in page

    # The address now belongs to a provider, yet this sign-in checks the password.
    wrong = client.post(
        "/accounts/login/", {"login": user.email, "password": "not-the-password"}
    )
    assert wrong.status_code == 200
    assert signed_in_user_id(client) is None
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert signed_in_user_id(client) == str(user.pk)
    assert not SocialAccount.objects.exists()
    confirm = client.get("/accounts/organisatie-koppelen/").content.decode()
    assert 'method="post" action="/accounts/organisatie-koppelen/"' in confirm

    client.post("/accounts/organisatie-koppelen/")

    assert SocialAccount.objects.get().user == user
    assert Membership.objects.get(user=user).organisation == (
        identity_provider.organisation
    )
    client.logout()
    sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")
    assert signed_in_user_id(client) == str(user.pk)


def test_linking_is_refused_when_signed_in_to_another_account(
    client, identity_provider, openid_provider
):
    UserFactory(email="anna@zorg.example")
    other = UserFactory(email="piet@elders.example")
    openid_provider.account_set(
        "sub-anna", email="anna@zorg.example", email_verified=True
    )
    sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")
    client.force_login(other)

    client.post("/accounts/organisatie-koppelen/")

    assert not SocialAccount.objects.exists()


def test_a_provider_without_an_email_claim_has_the_person_give_and_verify_one(
    client, identity_provider, openid_provider
):
    openid_provider.account_set("sub-geen-mail", given_name="Bo")

    response = sso_sign_in(client, email="bo@zorg.example", sub="sub-geen-mail")
    assert response["Location"] == SIGNUP
    assert 'name="email"' in client.get(SIGNUP).content.decode()

    signup_complete(client, email="bo@zorg.example")

    user = User.objects.get()
    assert SocialAccount.objects.get(user=user).uid == "sub-geen-mail"
    assert signed_in_user_id(client) is None
    assert not EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mail.outbox] == [["bo@zorg.example"]]


@pytest.mark.parametrize(("leeway", "signs_in"), [(60, True), (0, False)])
def test_a_provider_clock_ahead_signs_in_within_the_leeway(
    client, db, settings, skewed_openid_provider, leeway, signs_in
):
    settings.SSO_ID_TOKEN_LEEWAY = leeway
    identity_provider_create(skewed_openid_provider.issuer)
    skewed_openid_provider.account_set(
        "sub-anna", email="anna@zorg.example", email_verified=True
    )

    response = sso_sign_in(client, email="anna@zorg.example", sub="sub-anna")

    if signs_in:
        assert response["Location"] == SIGNUP
    else:
        assert response.status_code == 401  # allauth's sign-in failure page
        assert SIGNUP not in response.get("Location", "")
        assert client.session.get("socialaccount_sociallogin") is None
