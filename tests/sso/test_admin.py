"""Administrators configure an organisation's identity provider in the Wagtail
admin; people without the permission cannot."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sso.models import IdentityProvider
from tests.factories.organisations import OrganisationFactory
from tests.factories.users import UserFactory

ADD = "wagtailsnippets_sso_identityprovider:add"


def _form(organisation, server_url: str, domain: str = "zorg.example") -> dict:
    return nested_form_data(
        {
            "organisation": organisation.pk,
            "name": "Zorg Noord",
            "slug": "zorg-noord",
            "server_url": server_url,
            "client_id": "bijblijven",
            "client_secret": "geheim",
            "is_active": "on",
            "domains": inline_formset([{"domain": domain}]),
        }
    )


def test_an_administrator_adds_a_provider_with_its_domains(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    organisation = OrganisationFactory()

    response = client.post(
        reverse(ADD),
        _form(
            organisation,
            "https://login.microsoftonline.com/tenant-1/v2.0/",
            "@Zorg.Example",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    provider = IdentityProvider.objects.get()
    assert provider.server_url == "https://login.microsoftonline.com/tenant-1/v2.0"
    assert [d.domain for d in provider.domains.all()] == ["zorg.example"]


def test_the_admin_refuses_microsofts_common_endpoint_and_says_why(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(
        reverse(ADD),
        _form(OrganisationFactory(), "https://login.microsoftonline.com/common/v2.0"),
    )

    assert response.status_code == 200
    assert "tenant-ID" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_the_admin_page_is_refused_without_the_permission(client, db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(reverse(ADD))

    assert response.status_code == 302
    assert response["Location"] == "/beheer/"
