"""The profile page: a signed-in person changes their name (printed on the next
certificate only), profession and language, and finds the email and password
pages from it and from the account menu."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.certificates import certificate_earn
from tests.factories.courses import course_tree_create
from training.models import User

pytestmark = pytest.mark.django_db

CHANGES = {
    "first_name": "Sanne",
    "last_name": "de Vries-Bakker",
    "profession": "verslavingszorg",
    "preferred_language": "en",
}


def test_profile_saves_name_profession_and_language_when_submitted(
    learner_client, user, home_page
):
    response = learner_client.post(reverse("profile"), CHANGES)
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Sanne", "de Vries-Bakker")
    assert user.profession == "verslavingszorg"
    assert user.preferred_language == "en"
    page = learner_client.get(reverse("profile")).content.decode()
    assert "Your details have been saved." in page
    assert 'lang="en"' in page


def test_profile_changes_nothing_and_keeps_the_input_when_a_name_is_empty(
    learner_client, user, home_page
):
    before = (user.first_name, user.profession)
    response = learner_client.post(
        reverse("profile"), {**CHANGES, "first_name": "  ", "profession": "onzin"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="bb-errorsummary"' in content
    assert 'value="de Vries-Bakker"' in content
    user.refresh_from_db()
    assert (user.first_name, user.profession) == before


def test_profile_shows_the_current_details_when_opened(learner_client, user, home_page):
    content = learner_client.get(reverse("profile")).content.decode()
    assert f'value="{user.first_name}"' in content
    assert f'<option value="{user.profession}" selected>' in content


def test_profile_asks_to_log_in_when_nobody_is_signed_in(client, home_page):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_new_name_is_printed_on_the_next_certificate_only_when_changed(
    learner_client, user, home_page
):
    first = course_tree_create(home_page, slug="eerste", modules=1)
    old_certificate = certificate_earn(user=user, tree=first)
    old_name = old_certificate.holder_name
    learner_client.post(reverse("profile"), CHANGES)
    second = course_tree_create(home_page, slug="tweede", modules=1)
    new_certificate = certificate_earn(user=User.objects.get(pk=user.pk), tree=second)
    old_certificate.refresh_from_db()
    assert old_certificate.holder_name == old_name
    assert new_certificate.holder_name == "Sanne de Vries-Bakker"


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/profiel/", "/accounts/email/", "/accounts/password/change/"],
)
def test_account_pages_link_each_other_when_signed_in(learner_client, home_page, path):
    content = learner_client.get(path).content.decode()
    assert 'href="/accounts/profiel/"' in content
    if path != "/":
        assert 'href="/accounts/email/"' in content
        assert 'href="/accounts/password/change/"' in content
