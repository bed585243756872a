"""The demo loader is idempotent and leaves working demo accounts."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from training.models import HomePage, User


@pytest.mark.django_db
def test_loader_creates_nothing_twice_when_run_again():
    call_command("load_demo_content", stdout=StringIO())
    counts = (Page.objects.count(), User.objects.count())
    call_command("load_demo_content", stdout=StringIO())
    assert (Page.objects.count(), User.objects.count()) == counts
    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_when_loaded(client):
    call_command("load_demo_content", stdout=StringIO())
    for account in DEMO_ACCOUNTS:
        assert client.login(email=account.email, password=DEMO_PASSWORD)
    assert User.objects.get(email="admin@bijblijven.example").is_superuser
