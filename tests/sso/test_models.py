"""What an administrator may save for an organisation's identity provider."""

import pytest
from django.core.exceptions import ValidationError

from sso.models import IdentityProvider, IdentityProviderDomain
from sso.selectors import identity_provider_for_email
from sso.validation import email_domain_check, server_url_check
from tests.factories.organisations import OrganisationFactory


@pytest.mark.parametrize(
    "url",
    [
        "https://login.microsoftonline.com/common/v2.0",
        "https://login.microsoftonline.com/organizations/v2.0/",
        "https://login.microsoftonline.com/Common/v2.0/.well-known/openid-configuration",
    ],
)
def test_microsofts_multi_tenant_address_is_refused_with_the_reason(url):
    with pytest.raises(ValidationError) as error:
        server_url_check(url)
    assert "tenant-ID" in error.value.messages[0]


def test_a_tenant_address_is_accepted_without_its_trailing_slash():
    url = "https://login.microsoftonline.com/0b1c2d3e-aaaa-bbbb-cccc-123456789abc/v2.0/"
    assert server_url_check(url) == url.rstrip("/")


def test_plain_http_is_refused_except_on_loopback():
    with pytest.raises(ValidationError):
        server_url_check("http://idp.example.org")
    assert server_url_check("http://127.0.0.1:9000") == "http://127.0.0.1:9000"


@pytest.mark.parametrize(
    "domain", ["anna@zorg.example", "https://zorg.example", "zorg"]
)
def test_an_email_domain_is_only_a_domain(domain):
    with pytest.raises(ValidationError):
        email_domain_check(domain)


def test_saving_a_provider_with_the_common_endpoint_fails_validation(db):
    provider = IdentityProvider(
        organisation=OrganisationFactory(),
        name="Zorg",
        slug="zorg",
        server_url="https://login.microsoftonline.com/common/v2.0",
        client_id="x",
        client_secret="y",
    )
    with pytest.raises(ValidationError) as error:
        provider.full_clean()
    assert "server_url" in error.value.message_dict


def test_an_inactive_provider_routes_nobody(db):
    provider = IdentityProvider.objects.create(
        organisation=OrganisationFactory(),
        name="Zorg",
        slug="zorg",
        server_url="https://idp.zorg.example",
        client_id="x",
        client_secret="y",
        is_active=False,
    )
    IdentityProviderDomain.objects.create(provider=provider, domain="zorg.example")

    assert identity_provider_for_email(email="anna@zorg.example") is None
    provider.is_active = True
    provider.save()
    assert identity_provider_for_email(email="Anna@ZORG.example") == provider
