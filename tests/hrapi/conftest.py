"""Fixtures for the HR API: two organisations with a required course and
members, keys of each scope, and `call`, which makes a request and checks the
response against the generated OpenAPI schema (every test's every call)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hrapi.api import api
from hrapi.services import api_key_create, api_key_revoke
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory

SCHEMA_URI = "urn:hrapi:openapi"


@pytest.fixture(scope="session")
def openapi_schema() -> dict:
    """As served: through JSON (status codes become strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def _template_for(schema: dict, path: str) -> str:
    for template in schema["paths"]:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the OpenAPI schema")


def assert_matches_schema(schema: dict, method: str, path: str, response) -> None:
    """The status is documented for the operation, the content type is the one
    documented, and the body validates against its JSON schema."""
    operation = schema["paths"][_template_for(schema, path)][method.lower()]
    documented = operation["responses"]
    assert str(response.status_code) in documented, (
        f"{method} {path} answered {response.status_code}, not in the schema"
    )
    content = documented[str(response.status_code)]["content"]
    media_type = response["Content-Type"].split(";")[0]
    assert media_type in content, f"{media_type} not documented"
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    registry = Registry().with_resource(SCHEMA_URI, resource)
    body_schema = content[media_type]["schema"]
    if "$ref" in body_schema:
        body_schema = {"$ref": SCHEMA_URI + body_schema["$ref"]}
    validator = Draft202012Validator(
        body_schema,
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(json.loads(response.content)), key=str)
    assert not errors, "\n".join(e.message for e in errors)


@pytest.fixture
def call(client, openapi_schema):
    def _call(method: str, path: str, *, key: str | None = None, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        if body is not None:
            response = getattr(client, method.lower())(
                path, data=json.dumps(body), content_type="application/json", **headers
            )
        else:
            response = getattr(client, method.lower())(path, **headers)
        assert_matches_schema(openapi_schema, method, path.split("?")[0], response)
        return response

    return _call


@dataclass
class World:
    organisation: object
    other: object
    admin: object
    member: object  # a membership of `organisation`
    other_member: object  # a membership of `other`
    team: object
    certificate: object
    other_certificate: object
    keys: dict  # (organisation label, scope) -> plain key


@pytest.fixture
def world(course_tree) -> World:
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    other = OrganisationFactory(name="Politie-eenheid Oost")
    admin = manager_create(organisation)
    manager_create(other)
    team = TeamFactory(organisation=organisation, name="Artsen")
    TeamFactory(organisation=other, name="Artsen")
    for org in (organisation, other):
        requirement_create(org, course_tree.course, due_within_days=30)
    today = timezone.localdate()
    joined = today - datetime.timedelta(days=100)
    member = MembershipFactory(
        organisation=organisation,
        team=team,
        start_date=joined,
        user=UserFactory(email="anna@example.org"),
    )
    other_member = MembershipFactory(organisation=other, start_date=joined)
    certificate = CertificateFactory(
        user=member.user,
        course=course_tree.course,
        issued_at=timezone.now() - datetime.timedelta(days=10),
    )
    other_certificate = CertificateFactory(
        user=other_member.user,
        course=course_tree.course,
        issued_at=timezone.now() - datetime.timedelta(days=10),
    )
    keys = {}
    for label, org, creator in (
        ("own", organisation, admin),
        ("other", other, admin),
    ):
        for scope in ("read", "write"):
            _key, keys[(label, scope)] = api_key_create(
                organisation=org, name=f"{label} {scope}", scope=scope, actor=creator
            )
        revoked, keys[(label, "revoked")] = api_key_create(
            organisation=org, name=f"{label} revoked", scope="write", actor=creator
        )
        api_key_revoke(key=revoked, actor=creator)
    return World(
        organisation=organisation,
        other=other,
        admin=admin,
        member=member,
        other_member=other_member,
        team=team,
        certificate=certificate,
        other_certificate=other_certificate,
        keys=keys,
    )
