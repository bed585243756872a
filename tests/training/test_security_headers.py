"""Every public page forbids inline and foreign scripts and styles and browser
features it does not use; the Wagtail admin keeps its own inline code."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_allow_only_this_origins_scripts_and_styles(client, home_page):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_login_page_carries_the_policy_too(client, home_page):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_admin_is_left_to_its_own_inline_scripts(admin_client, home_page):
    response = admin_client.get("/beheer/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


def test_pages_refuse_camera_microphone_and_location(client, home_page):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
