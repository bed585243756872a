"""Who gets what: every endpoint × key scope (read, write, revoked, none) × the
key's organisation (own, other). Every response is also checked against the
OpenAPI schema by `call`."""

from __future__ import annotations

import pytest

from hrapi.models import EmployeeLink
from organisations.models import Membership

SCOPES = ["read", "write", "revoked", "none"]
ORGANISATIONS = ["own", "other"]
ENDPOINTS = [
    ("GET", "/api/v1/people", None),
    ("GET", "/api/v1/people/{member}", None),
    ("GET", "/api/v1/certificates", None),
    ("GET", "/api/v1/enrolments", None),
    ("PUT", "/api/v1/memberships/E-1", {"email": "nieuw@example.org"}),
    ("POST", "/api/v1/memberships/E-own/end", {}),
]


def _expected(method: str, path: str, scope: str, organisation: str) -> int:
    if scope in ("revoked", "none"):
        return 401
    if method != "GET" and scope == "read":
        return 403
    if organisation == "other" and (path.endswith("{member}") or path.endswith("/end")):
        return 404  # the other organisation's records do not exist for this key
    return 200


@pytest.mark.parametrize("organisation", ORGANISATIONS)
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_each_key_gets_exactly_what_its_scope_and_organisation_allow(
    world, call, method, path, body, scope, organisation
):
    EmployeeLink.objects.create(
        organisation=world.organisation,
        external_id="E-own",
        email=world.member.user.email,
        membership=world.member,
    )
    key = None if scope == "none" else world.keys[(organisation, scope)]
    url = path.format(member=world.member.pk)

    response = call(method, url, key=key, body=body)

    assert response.status_code == _expected(method, path, scope, organisation)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
        assert Membership.objects.get(pk=world.member.pk).end_date is None
        assert not EmployeeLink.objects.filter(external_id="E-1").exists()
        return
    data = response.json()
    own_member_ids = {world.member.pk}
    if method == "GET" and "items" in data:
        person_ids = {item.get("person_id", item.get("id")) for item in data["items"]}
        if organisation == "own":
            assert person_ids & own_member_ids or path.endswith("enrolments")
        else:
            # the other organisation's key sees none of this organisation's people
            own_ids = set(
                Membership.objects.filter(organisation=world.organisation).values_list(
                    "pk", flat=True
                )
            )
            assert not person_ids & own_ids
    if method == "PUT":
        written = EmployeeLink.objects.get(external_id="E-1")
        expected = world.organisation if organisation == "own" else world.other
        assert written.organisation == expected


def test_a_read_key_of_another_organisation_never_lists_its_certificates(world, call):
    response = call("GET", "/api/v1/certificates", key=world.keys[("other", "read")])

    codes = {item["verification_code"] for item in response.json()["items"]}
    assert codes == {world.other_certificate.code_display}
