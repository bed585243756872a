"""A trainer's first sign-in with two factors required: the admin leads to
setting up an authenticator app, then every sign-in asks for its code. Each
page is checked with axe-core."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from courses.roles import TRAINERS
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.users import TEST_PASSWORD, role_member_create


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_trainer_sets_up_an_authenticator_app_and_signs_in_with_a_code(
    page, site, settings
):
    settings.MFA_REQUIRED = True
    trainer = role_member_create(TRAINERS)
    log_in(page, trainer)

    page.goto("/beheer/")
    if "/reauthenticate/" in page.url:  # allauth confirms the password first
        expect(page.get_by_text("Stel eerst tweestapsverificatie in")).to_be_visible()
        assert_no_axe_violations(page)
        page.locator("#id_password").fill(TEST_PASSWORD)
        _submit(page)
    assert "/2fa/totp/activate/" in page.url
    assert_no_axe_violations(page)
    secret = page.locator("input[disabled]").first.input_value()
    page.locator("#id_code").fill(_code(secret))
    _submit(page)
    assert_no_axe_violations(page)  # the recovery codes

    page.goto("/beheer/")
    assert page.url.endswith("/beheer/")

    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").first.click()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(trainer.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    _submit(page)
    assert "/2fa/authenticate/" in page.url
    assert_no_axe_violations(page)
    page.locator("#id_code").fill(_code(secret))
    _submit(page)
    page.goto("/beheer/")
    assert page.url.endswith("/beheer/")
