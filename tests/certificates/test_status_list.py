"""Revocation reaches verifiers: new credentials name their bit in a published,
signed W3C Bitstring Status List, and revoking sets it."""

import json

import pytest

from certificates import status_list
from certificates.openbadges import verify
from certificates.services.keys import published_keys
from certificates.services.render import certificate_render
from certificates.services.revoke import certificate_revoke
from tests.certificates.test_issued_pdf import _published
from tests.certificates.test_openbadges import _node_verify
from tests.factories.certificates import certificate_earn
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


def test_positions_fill_one_list_then_the_next():
    assert status_list.position(1) == (1, 0)
    assert status_list.position(status_list.SIZE) == (1, status_list.SIZE - 1)
    assert status_list.position(status_list.SIZE + 1) == (2, 0)
    with pytest.raises(ValueError, match="start at 1"):
        status_list.position(0)


def test_encoded_list_sets_only_the_given_bits_and_hides_its_size():
    encoded = status_list.encoded_list([0, 9, status_list.SIZE - 1])
    assert encoded.startswith("u")
    assert [status_list.is_set(encoded, i) for i in (0, 1, 8, 9)] == [
        True,
        False,
        False,
        True,
    ]
    assert status_list.is_set(encoded, status_list.SIZE - 1)
    assert status_list.encoded_list([]) == status_list.encoded_list([])
    with pytest.raises(ValueError, match="outside the list"):
        status_list.encoded_list([status_list.SIZE])


@pytest.fixture
def issued(course_tree, settings):
    settings.SITE_BASE_URL = SITE  # for the credential and the verifier alike
    return certificate_render(
        certificate=certificate_earn(user=UserFactory(), tree=course_tree)
    )


def test_new_credentials_name_their_bit_in_the_published_list(issued, client):
    entry = issued.credential["credentialStatus"]
    number, index = status_list.position(issued.pk)
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == str(index)
    assert entry["statusListCredential"] == f"{SITE}/openbadges/status/{number}"
    response = client.get(f"/openbadges/status/{number}")
    document = response.json()
    assert response["Content-Type"] == "application/vc+ld+json"
    assert "BitstringStatusListCredential" in document["type"]
    key = published_keys()[0]
    assert verify(credential=document, public_multibase=key.public_multibase)
    assert not status_list.is_set(document["credentialSubject"]["encodedList"], index)


def test_revoking_sets_the_bit_at_once(issued, client, admin_user):
    certificate_revoke(certificate=issued, actor=admin_user, reason="Fraude")
    document = client.get("/openbadges/status/1").json()
    _number, index = status_list.position(issued.pk)
    assert status_list.is_set(document["credentialSubject"]["encodedList"], index)
    assert "Fraude" not in json.dumps(document)


def test_list_beyond_the_issued_certificates_is_not_found(issued, client):
    assert client.get("/openbadges/status/2").status_code == 404
    assert client.get("/openbadges/status/0").status_code == 404


def test_node_verifier_reports_a_revoked_credential_as_not_valid(
    issued, client, tmp_path, admin_user
):
    assert _node_verify(tmp_path, issued.credential, _published(client)) == {
        "verified": True
    }
    certificate_revoke(certificate=issued, actor=admin_user, reason="Fraude")
    outcome = _node_verify(tmp_path, issued.credential, _published(client))
    assert outcome["verified"] is False
    assert "revoked" in outcome["error"]


def test_node_verifier_refuses_a_status_list_that_was_tampered_with(
    issued, client, tmp_path
):
    published = _published(client)
    published[2]["credentialSubject"]["encodedList"] = status_list.encoded_list([])
    published[2]["validFrom"] = "2020-01-01T00:00:00Z"
    outcome = _node_verify(tmp_path, issued.credential, published)
    assert outcome["verified"] is False
