"""The demo learner holds one certificate of each kind, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate
from certificates.status import status_of
from certificates.validity import Status
from demo.loaders.certificates import LEARNER_EMAIL

pytestmark = pytest.mark.django_db


def test_demo_learner_has_every_certificate_status_when_loaded_twice():
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_content", stdout=StringIO())
    certificates = Certificate.objects.filter(user__email=LEARNER_EMAIL)
    today = timezone.localdate()
    statuses = {status_of(certificate=c, today=today) for c in certificates}
    assert statuses == {
        Status.VALID,
        Status.EXPIRING,
        Status.EXPIRED,
        Status.REVOKED,
        Status.CONTENT_UPDATED,
    }
    assert certificates.count() == 5
    assert all(c.is_rendered for c in certificates)
