"""A person's LMS links in their data download, gone after erasure (a later
launch makes a new account rather than reopening the anonymous one), and old
launch nonces pruned."""

import datetime

import pytest
import time_machine

from lti.models import GradeTarget, LaunchNonce, LtiAccount, PlatformRegistration
from lti.services.launch import LaunchRefused, launch_nonce_use
from tests.factories.organisations import OrganisationFactory
from training.erasure import account_erase
from training.personal_data import personal_data_collect

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    return PlatformRegistration.objects.create(
        organisation=OrganisationFactory(),
        name="Moodle",
        issuer="https://lms.example",
        client_id="c",
        auth_login_url="https://lms.example/auth",
        token_url="https://lms.example/token",
        jwks_url="https://lms.example/jwks",
    )


def test_the_data_download_lists_the_lms_links_and_erasure_removes_them(
    user, registration, course_tree
):
    LtiAccount.objects.create(
        issuer=registration.issuer, sub="s-1", user=user, registration=registration
    )
    GradeTarget.objects.create(
        registration=registration,
        user=user,
        course=course_tree.course,
        sub="s-1",
        lineitem_url="https://lms.example/li/1",
    )
    (link,) = personal_data_collect(user=user)["leerplatformkoppelingen"]
    assert (link["leerplatform"], link["gebruiker_in_leerplatform"]) == (
        "Moodle",
        "s-1",
    )

    account_erase(user=user, actor=user)
    assert not LtiAccount.objects.exists()
    assert not GradeTarget.objects.exists()


def test_a_nonce_is_refused_the_second_time_and_pruned_after_two_days():
    launch_nonce_use(issuer="https://lms.example", nonce="n-1")
    with pytest.raises(LaunchRefused):
        launch_nonce_use(issuer="https://lms.example", nonce="n-1")
    launch_nonce_use(issuer="https://other.example", nonce="n-1")  # another LMS
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=3)
    with time_machine.travel(later):
        launch_nonce_use(issuer="https://lms.example", nonce="n-2")
    assert list(LaunchNonce.objects.values_list("nonce", flat=True)) == ["n-2"]
