"""An LMS (tests/lti/platform.py) with our tool registered in it, for an
organisation, and the browser steps of a launch."""

from urllib.parse import urlsplit

import pytest

from lti.models import PlatformDeployment, PlatformRegistration
from tests.factories.organisations import OrganisationFactory
from tests.lti.platform import LEARNER, TestPlatform


@pytest.fixture
def platform(request):
    """The LMS. Tests where it calls us (our JWKS, for the deep-linking response
    and the token request) mark themselves transactional and get the live
    server; launches only need the LMS's own JWKS, served by its thread."""
    transactional = request.node.get_closest_marker("django_db")
    if transactional and transactional.kwargs.get("transaction"):
        tool_url = request.getfixturevalue("live_server").url
    else:
        tool_url = "http://testserver"
    lms = TestPlatform(tool_url=tool_url)
    yield lms
    lms.stop()


@pytest.fixture
def registration(platform):
    registration = PlatformRegistration.objects.create(
        organisation=OrganisationFactory(name="GGD Testregio"),
        name="Moodle GGD",
        issuer=platform.issuer,
        client_id=platform.client_id,
        **platform.urls,
    )
    PlatformDeployment.objects.create(
        registration=registration, deployment_id=platform.deployment_id
    )
    return registration


def auth_request(client, platform, *, user_id: str, secure: bool = False):
    """Steps 1-2: the LMS sends the browser to our login initiation URL; we answer
    with a redirect to the LMS's auth URL (the authentication request)."""
    response = client.get(platform.login_initiation_url(user_id=user_id), secure=secure)
    assert response.status_code == 302, response.content
    return response


def launch(client, platform, *, user_id="lms-user-42", roles=(LEARNER,), **kwargs):
    """The whole launch: login initiation, authentication request, the signed
    id_token posted to our launch URL. Returns our answer to that post."""
    location = auth_request(client, platform, user_id=user_id)["Location"]
    form = platform.id_token_launch(
        location, user_id=user_id, roles=list(roles), **kwargs
    )
    return post_launch(client, form)


def post_launch(client, form: dict):
    return client.post(
        urlsplit(form["launch_url"]).path,
        {"state": form["state"], "id_token": form["id_token"]},
    )
